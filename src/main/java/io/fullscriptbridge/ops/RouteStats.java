package io.fullscriptbridge.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Measurement;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-route counts for the console: lifetime totals and failures from Camel's route metrics in the Micrometer
 * registry (camel.exchanges.*{routeId}), and what ops need most: the rate and the errors of the last
 * {@code bridge.ops.route-stats.window} (default 5 minutes), from samples taken every
 * {@code bridge.ops.route-stats.interval} (D52). A route that failed a lot yesterday but is fine now shows 0 current
 * errors.
 */
@Component
public class RouteStats extends PeriodicTask {

    /**
     * One route as the console shows it. {@code filtered}: messages the route answered without a change in
     * Fullscript (a known patient with nothing changed; journal state UNCHANGED, D64), lifetime.
     */
    public record RouteRow(String routeId, String status, String from, long total, long failed, long inflight,
                           double perMinute, long currentErrors, long windowSeconds, long filtered) {
    }

    private record Sample(Instant at, Map<String, long[]> byRoute) {
    }

    // through a provider: a SmartLifecycle bean that depends on the CamelContext makes Spring start the context
    // early, before camel-spring-boot has added the routes (every context built outside the test support then
    // started with no routes; BrokerRestartTest found it)
    private final org.springframework.beans.factory.ObjectProvider<CamelContext> camelProvider;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration window;
    private final Deque<Sample> samples = new ArrayDeque<>();

    public RouteStats(org.springframework.beans.factory.ObjectProvider<CamelContext> camel, MeterRegistry meters, Clock clock,
                      @Value("${bridge.ops.route-stats.window:5m}") Duration window,
                      @Value("${bridge.ops.route-stats.interval:10s}") Duration interval) {
        super("route-stats", Duration.ZERO, interval);
        this.camelProvider = camel;
        this.meters = meters;
        this.clock = clock;
        this.window = window;
    }

    /** Takes a sample now (also on the schedule) and drops those older than the window. */
    public synchronized void sample() {
        Instant now = clock.instant();
        samples.addLast(new Sample(now, counters()));
        while (samples.size() > 1 && samples.peekFirst().at().isBefore(now.minus(window))) {
            samples.removeFirst();
        }
    }

    public synchronized List<RouteRow> rows() {
        CamelContext camel = camelProvider.getObject();
        Instant now = clock.instant();
        Map<String, long[]> current = counters();
        Sample first = samples.peekFirst();
        List<RouteRow> rows = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            String id = route.getRouteId();
            long[] c = current.getOrDefault(id, new long[3]);
            // a route without meters in the sample had no exchange yet (Camel registers them on the first one)
            long[] then = first == null ? null : first.byRoute().getOrDefault(id, new long[3]);
            long seconds = first == null ? 0 : Math.max(1, Duration.between(first.at(), now).toSeconds());
            double perMinute = then == null ? 0 : (c[0] - then[0]) * 60.0 / seconds;
            long errors = then == null ? 0 : Math.max(0, c[1] - then[1]);
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            rows.add(new RouteRow(id, status == null ? "Unknown" : status.name(), route.getEndpoint().getEndpointBaseUri(),
                    c[0], c[1], c[2], Math.round(perMinute * 10) / 10.0, errors, seconds, filtered(id)));
        }
        rows.sort(java.util.Comparator.comparing(RouteRow::routeId));
        return rows;
    }

    private long filtered(String routeId) {
        return (long) meters.find(MessageJournal.OUTCOMES).tag("route", routeId).tag("outcome", "filtered").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    /** total, failed, inflight per route id, from Camel's route policy meters. */
    private Map<String, long[]> counters() {
        Map<String, long[]> byRoute = new HashMap<>();
        for (Meter meter : meters.getMeters()) {
            String name = meter.getId().getName();
            String routeId = meter.getId().getTag("routeId");
            if (routeId == null || !name.startsWith("camel.exchanges.")) {
                continue;
            }
            int index = switch (name) {
                case "camel.exchanges.total" -> 0;
                case "camel.exchanges.failed" -> 1;
                case "camel.exchanges.inflight" -> 2;
                default -> -1;
            };
            if (index < 0) {
                continue;
            }
            double value = 0;
            for (Measurement m : meter.measure()) {
                value = m.getValue();
                break;
            }
            byRoute.computeIfAbsent(routeId, r -> new long[3])[index] += (long) value;
        }
        return byRoute;
    }

    @Override
    protected void runOnce() {
        sample();
    }
}

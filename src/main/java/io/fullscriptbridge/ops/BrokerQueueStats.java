package io.fullscriptbridge.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Depth, consumers, messages added and the oldest message's age of every bridge queue and every dead-letter queue,
 * as Micrometer gauges ({@code bridge.broker.queue.*{queue}}), read through Artemis' management address with the
 * bridge's own broker user. The same code serves the embedded broker and an external one, so ops see the same
 * metrics in both set-ups. The values are refreshed every {@code bridge.ops.queue-stats.interval} on a thread of
 * their own; a scrape never talks to the broker.
 */
@Component
public class BrokerQueueStats extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(BrokerQueueStats.class);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(5);
    private static final List<String> PREFIXES = List.of("ehr.", "fullscript.", "DLQ.");

    /** The last values read for one queue. */
    static final class Stats {
        volatile double depth;
        volatile double consumers;
        volatile double added;
        volatile double oldestAgeSeconds;
    }

    private final ConnectionFactory connections;
    private final MeterRegistry meters;
    private final Map<String, Stats> byQueue = new ConcurrentHashMap<>();
    private volatile boolean healthy;

    public BrokerQueueStats(ConnectionFactory connections, MeterRegistry meters,
                            @Value("${bridge.ops.queue-stats.interval:15s}") Duration interval) {
        super("broker-queue-stats", Duration.ofSeconds(2), interval);
        this.connections = connections;
        this.meters = meters;
        Gauge.builder("bridge.broker.queue.stats.up", this, s -> s.healthy ? 1 : 0)
                .description("1 when the last read of the broker's queue statistics succeeded").register(meters);
    }

    /** Reads every bridge queue's statistics now (also called on the schedule). */
    public synchronized void refresh() {
        try (ManagementSession management = ManagementSession.open(connections, REPLY_TIMEOUT)) {
            Object[] names = (Object[]) management.attribute(ResourceNames.BROKER, "queueNames");
            for (Object n : names) {
                String queue = String.valueOf(n);
                if (PREFIXES.stream().noneMatch(queue::startsWith)) {
                    continue;
                }
                Stats stats = byQueue.computeIfAbsent(queue, this::register);
                String resource = ResourceNames.QUEUE + queue;
                stats.depth = number(management.attribute(resource, "messageCount"));
                stats.consumers = number(management.attribute(resource, "consumerCount"));
                stats.added = number(management.attribute(resource, "messagesAdded"));
                Object age = management.operation(resource, "getFirstMessageAge");
                stats.oldestAgeSeconds = age == null ? 0 : number(age) / 1000.0;
            }
            healthy = true;
        } catch (Exception e) {
            healthy = false;
            log.warn("broker queue statistics not read: {}", e.toString());
        }
    }

    private Stats register(String queue) {
        Stats stats = new Stats();
        Gauge.builder("bridge.broker.queue.depth", stats, s -> s.depth).tag("queue", queue)
                .description("messages waiting in the queue").register(meters);
        Gauge.builder("bridge.broker.queue.consumers", stats, s -> s.consumers).tag("queue", queue)
                .description("consumers of the queue").register(meters);
        FunctionCounter.builder("bridge.broker.queue.added", stats, s -> s.added).tag("queue", queue)
                .description("messages added to the queue since the broker started").register(meters);
        Gauge.builder("bridge.broker.queue.oldest.age", stats, s -> s.oldestAgeSeconds).tag("queue", queue)
                .baseUnit("seconds").description("age of the oldest message waiting in the queue").register(meters);
        return stats;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
    }

    @Override
    protected void runOnce() {
        refresh();
    }
}

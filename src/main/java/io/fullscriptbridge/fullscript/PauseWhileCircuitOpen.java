package io.fullscriptbridge.fullscript;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * While Fullscript's circuit is open, the routes that call Fullscript for queued messages wait (D92): their JMS
 * consumers are suspended, so the messages stay in the broker without spending its delivery attempts. Before, every
 * delivery during the open state failed at once ({@code CircuitOpen}) and counted as one of the broker's ten attempts:
 * a Fullscript outage of a few minutes dead-lettered most of the messages that arrived in it (FullscriptStormIT).
 *
 * <p>The breaker moves to half-open by itself after its wait; the routes resume then, and their first calls are the
 * probes that close the circuit or open it again. Interactive calls (an HTTP request waiting for Fullscript) are not
 * paused: they still fail fast with the open circuit. Each node pauses its own consumers on its own breaker's state.
 */
@Component
public class PauseWhileCircuitOpen implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PauseWhileCircuitOpen.class);

    private final CamelContext camel;
    private final List<String> routes;
    /** The routes this class paused (only its one thread touches it): it resumes those, never one an operator suspended. */
    private final java.util.Set<String> paused = new java.util.HashSet<>();
    /** One thread: a state change seen on a consumer's own thread must not wait for that consumer to stop. */
    private final ExecutorService changes = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "fullscript-circuit-pause");
        thread.setDaemon(true);
        return thread;
    });

    public PauseWhileCircuitOpen(CircuitBreaker fullscriptCircuitBreaker, CamelContext camel, FullscriptResilienceProperties properties) {
        this.camel = camel;
        this.routes = List.copyOf(properties.getCircuitBreaker().getPauseRoutes());
        fullscriptCircuitBreaker.getEventPublisher().onStateTransition(this::changed);
        // a reset closes the circuit without a state transition event
        fullscriptCircuitBreaker.getEventPublisher().onReset(event -> changes.execute(() -> apply(false)));
    }

    private void changed(CircuitBreakerOnStateTransitionEvent event) {
        boolean open = switch (event.getStateTransition().getToState()) {
            case OPEN, FORCED_OPEN -> true;
            default -> false;
        };
        changes.execute(() -> apply(open));
    }

    private void apply(boolean pause) {
        if (!camel.isStarted()) {
            return;
        }
        for (String route : routes) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route);
            try {
                if (pause && status == ServiceStatus.Started) {
                    camel.getRouteController().suspendRoute(route);
                    paused.add(route);
                    log.warn("route {} paused: Fullscript's circuit is open; its messages wait in the broker", route);
                } else if (!pause && paused.remove(route) && status == ServiceStatus.Suspended) {
                    camel.getRouteController().resumeRoute(route);
                    log.warn("route {} resumed: Fullscript's circuit is no longer open", route);
                }
            } catch (Exception e) {
                log.error("route {} could not be {}: {}", route, pause ? "paused" : "resumed", e.toString());
            }
        }
    }

    @Override
    public void destroy() {
        changes.shutdownNow();
    }
}

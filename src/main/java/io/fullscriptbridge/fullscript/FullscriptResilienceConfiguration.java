package io.fullscriptbridge.fullscript;

import java.time.Duration;
import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.annotation.Configuration;

/**
 * The rate budget and the circuit breaker of the fullscript-api route, built from
 * {@link FullscriptResilienceProperties}, with their gauges.
 */
@Configuration
public class FullscriptResilienceConfiguration {

    /** The bean name the route's circuitBreaker EIP refers to. */
    public static final String CIRCUIT_BREAKER = "fullscriptCircuitBreaker";

    private static final Logger log = LoggerFactory.getLogger(FullscriptResilienceConfiguration.class);

    /** @param listener a {@link RequestBudget.SendListener} bean when there is one (tests record the send times) */
    @Bean
    public RequestBudget fullscriptRequestBudget(FullscriptResilienceProperties properties, MeterRegistry meters,
                                                 ObjectProvider<RequestBudget.SendListener> listener,
                                                 JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        FullscriptResilienceProperties.RateBudget settings = properties.getRateBudget();
        int reserve = settings.interactiveReserve();
        RequestBudget budget = settings.getScope() == FullscriptResilienceProperties.RateBudget.Scope.CLUSTER
                ? new RequestBudget(settings.getRequests(), reserve, settings.getBulkSpread(), settings.getWindow(), listener.getIfAvailable(),
                        new SharedBudgetWindow(jdbc, transactions, settings.getRequests(), settings.getWindow(), Clock.systemUTC(), nodeName()))
                : RequestBudget.local(settings.getRequests(), reserve, settings.getBulkSpread(), settings.getWindow(), listener.getIfAvailable());
        Gauge.builder("bridge.fullscript.budget.waiting", budget, RequestBudget::waitingCallers)
                .description("Calls waiting for room in Fullscript's request budget")
                .register(meters);
        Gauge.builder("bridge.fullscript.budget.used", budget, RequestBudget::used)
                .description("Requests to Fullscript in the current rolling window")
                .register(meters);
        Gauge.builder("bridge.fullscript.budget.limit", budget, RequestBudget::limit)
                .description("Requests to Fullscript allowed per rolling window")
                .register(meters);
        log.info("fullscript request budget requests={} window={} scope={} interactiveReserve={} bulkSpread={}", settings.getRequests(),
                settings.getWindow(), settings.getScope(), reserve, settings.getBulkSpread());
        return budget;
    }

    private static String nodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    /**
     * Counts only {@link FullscriptApiException.Transient} (I/O, 429, 5xx) as failures: any other answer, a 4xx
     * included, shows Fullscript is up and counts as a success. The rate budget's wait happens inside the breaker,
     * so slow calls are not failures (Resilience4j would otherwise open on calls slower than 60 s).
     */
    @Bean(CIRCUIT_BREAKER)
    public CircuitBreaker fullscriptCircuitBreaker(FullscriptResilienceProperties properties, MeterRegistry meters) {
        FullscriptResilienceProperties.CircuitBreaker settings = properties.getCircuitBreaker();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.getSlidingWindowSize())
                .minimumNumberOfCalls(settings.getMinimumNumberOfCalls())
                .failureRateThreshold(settings.getFailureRateThreshold())
                .waitDurationInOpenState(settings.getWaitDurationInOpenState())
                .permittedNumberOfCallsInHalfOpenState(settings.getPermittedCallsInHalfOpenState())
                // half-open after the wait without a call to find out: the paused routes resume then and make the probes (D92)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(FullscriptResilienceConfiguration::isTransient)
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(Duration.ofDays(1))
                .writableStackTraceEnabled(false)
                .build();
        CircuitBreaker breaker = CircuitBreaker.of("fullscript", config);
        breaker.getEventPublisher().onStateTransition(event ->
                log.warn("fullscript circuit breaker {} (failure rate {}% of the last {} calls)",
                        event.getStateTransition(), breaker.getMetrics().getFailureRate(),
                        breaker.getMetrics().getNumberOfBufferedCalls()));
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder("bridge.fullscript.circuit.state", breaker, b -> b.getState() == state ? 1 : 0)
                    .description("The circuit breaker around calls to Fullscript: 1 for its current state")
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .register(meters);
        }
        Gauge.builder("bridge.fullscript.circuit.failure.rate", breaker, b -> b.getMetrics().getFailureRate())
                .description("Failure rate (percent) of the recent calls to Fullscript; -1 until enough calls were made")
                .register(meters);
        return breaker;
    }

    private static boolean isTransient(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof FullscriptApiException.Transient) {
                return true;
            }
        }
        return false;
    }
}

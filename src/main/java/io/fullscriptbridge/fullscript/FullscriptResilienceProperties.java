package io.fullscriptbridge.fullscript;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How the fullscript-api route protects Fullscript and itself: the app-wide request budget, retries of transient
 * failures, and the circuit breaker. Keys under {@code bridge.fullscript.rate-budget}, {@code .retry} and
 * {@code .circuit-breaker} (the rest of {@code bridge.fullscript} is {@link io.fullscriptbridge.config.FullscriptProperties}).
 */
@ConfigurationProperties("bridge.fullscript")
public class FullscriptResilienceProperties {

    private final RateBudget rateBudget = new RateBudget();
    private final Retry retry = new Retry();
    private final CircuitBreaker circuitBreaker = new CircuitBreaker();

    public RateBudget getRateBudget() { return rateBudget; }
    public Retry getRetry() { return retry; }
    public CircuitBreaker getCircuitBreaker() { return circuitBreaker; }

    /** At most {@code requests} requests to Fullscript in any rolling {@code window} (Fullscript: 5000 per 5 minutes). */
    public static class RateBudget {
        /** Where sends are counted: this node alone, or every node of the cluster together (through the database). */
        public enum Scope { NODE, CLUSTER }

        private int requests = 5000;
        private Duration window = Duration.ofMinutes(5);
        private Scope scope = Scope.NODE;
        /** Percent of {@code requests} only interactive calls may use (D83); the rest is shared, interactive calls first. */
        private int interactiveReservePercent = 10;
        /** Bulk calls spread over the window: at most their share / spread in any window / spread (D83); 1 = not spread. */
        private int bulkSpread = 1;

        public int getBulkSpread() { return bulkSpread; }
        public void setBulkSpread(int bulkSpread) { this.bulkSpread = bulkSpread; }

        public Scope getScope() { return scope; }
        public int getInteractiveReservePercent() { return interactiveReservePercent; }
        public void setInteractiveReservePercent(int interactiveReservePercent) { this.interactiveReservePercent = interactiveReservePercent; }
        /** The reserve in requests per window: rounded down, and never all of the budget. */
        public int interactiveReserve() {
            if (interactiveReservePercent < 0 || interactiveReservePercent >= 100) {
                throw new IllegalArgumentException("bridge.fullscript.rate-budget.interactive-reserve-percent must be 0 to 99");
            }
            return Math.min(requests - 1, (int) ((long) requests * interactiveReservePercent / 100));
        }
        public void setScope(Scope scope) { this.scope = scope; }

        public int getRequests() { return requests; }
        public void setRequests(int requests) { this.requests = requests; }
        public Duration getWindow() { return window; }
        public void setWindow(Duration window) { this.window = window; }
    }

    /**
     * Retries of one call after a transient failure (I/O, 429, 5xx), inside the route. {@code maxAttempts} counts the
     * retries after the first request: 3 means at most 4 requests. The n-th retry waits
     * {@code min(maxDelay, initialDelay * multiplier^(n-1))}, or longer when Fullscript sent {@code Retry-After}.
     */
    public static class Retry {
        private int maxAttempts = 3;
        private Duration initialDelay = Duration.ofMillis(500);
        private double multiplier = 2.0;
        private Duration maxDelay = Duration.ofSeconds(30);

        public int getMaxAttempts() { return maxAttempts; }
        public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        public Duration getInitialDelay() { return initialDelay; }
        public void setInitialDelay(Duration initialDelay) { this.initialDelay = initialDelay; }
        public double getMultiplier() { return multiplier; }
        public void setMultiplier(double multiplier) { this.multiplier = multiplier; }
        public Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(Duration maxDelay) { this.maxDelay = maxDelay; }
    }

    /**
     * Opens when at least {@code failureRateThreshold} percent of the last {@code slidingWindowSize} requests failed
     * transiently (and at least {@code minimumNumberOfCalls} were made); stays open {@code waitDurationInOpenState},
     * then lets {@code permittedCallsInHalfOpenState} requests probe before closing or opening again.
     */
    public static class CircuitBreaker {
        private float failureRateThreshold = 50;
        private int slidingWindowSize = 20;
        private int minimumNumberOfCalls = 10;
        private Duration waitDurationInOpenState = Duration.ofSeconds(30);
        private int permittedCallsInHalfOpenState = 5;
        /** The routes whose consumers wait while the circuit is open, instead of spending the broker's attempts (D92). */
        private java.util.List<String> pauseRoutes = java.util.List.of("ehr-patient-sync");

        public float getFailureRateThreshold() { return failureRateThreshold; }
        public void setFailureRateThreshold(float failureRateThreshold) { this.failureRateThreshold = failureRateThreshold; }
        public int getSlidingWindowSize() { return slidingWindowSize; }
        public void setSlidingWindowSize(int slidingWindowSize) { this.slidingWindowSize = slidingWindowSize; }
        public int getMinimumNumberOfCalls() { return minimumNumberOfCalls; }
        public void setMinimumNumberOfCalls(int minimumNumberOfCalls) { this.minimumNumberOfCalls = minimumNumberOfCalls; }
        public Duration getWaitDurationInOpenState() { return waitDurationInOpenState; }
        public void setWaitDurationInOpenState(Duration waitDurationInOpenState) { this.waitDurationInOpenState = waitDurationInOpenState; }
        public int getPermittedCallsInHalfOpenState() { return permittedCallsInHalfOpenState; }
        public void setPermittedCallsInHalfOpenState(int permittedCallsInHalfOpenState) { this.permittedCallsInHalfOpenState = permittedCallsInHalfOpenState; }
        public java.util.List<String> getPauseRoutes() { return pauseRoutes; }
        public void setPauseRoutes(java.util.List<String> pauseRoutes) { this.pauseRoutes = pauseRoutes; }
    }
}

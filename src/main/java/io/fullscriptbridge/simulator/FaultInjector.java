package io.fullscriptbridge.simulator;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

/**
 * Decides, per API request, whether to add latency and whether to fail it (429 or 5xx), following the current
 * {@link FaultSettings}. Thread-safe; the "fail next N" budget is consumed atomically.
 */
@Component
@ConditionalOnSimulatorEnabled
public class FaultInjector {

    /** What to do with one request: sleep {@code latencyMs}, then answer {@code status} when it is non-zero. */
    public record Fault(long latencyMs, int status, Integer retryAfterSeconds) {
        static final Fault NONE = new Fault(0, 0, null);

        public boolean fails() {
            return status != 0;
        }
    }

    private FaultSettings settings = FaultSettings.NONE;

    public synchronized FaultSettings settings() {
        return settings;
    }

    /** Replaces the settings; absent fields are off. @throws IllegalArgumentException for out-of-range values */
    public synchronized FaultSettings configure(FaultSettings newSettings) {
        settings = newSettings == null ? FaultSettings.NONE : newSettings.normalized();
        return settings;
    }

    public synchronized void reset() {
        settings = FaultSettings.NONE;
    }

    /** The fault for a request to {@code endpointKey} (e.g. {@code GET /api/clinic}). */
    public Fault decide(String endpointKey) {
        FaultSettings s;
        int status = 0;
        synchronized (this) {
            s = settings;
            if (!applies(s, endpointKey)) {
                return Fault.NONE;
            }
            if (s.failNextCount() > 0) {
                settings = s.withFailNextCount(s.failNextCount() - 1);
                status = s.failNextStatus();
            }
        }
        if (status == 0) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (s.rateLimitRate() > 0 && random.nextDouble() < s.rateLimitRate()) {
                status = 429;
            } else if (s.serverErrorRate() > 0 && random.nextDouble() < s.serverErrorRate()) {
                status = s.serverErrorStatus();
            }
        }
        return new Fault(s.latencyMs(), status, status == 429 ? s.retryAfterSeconds() : null);
    }

    /**
     * An explicit {@code endpoint} is matched exactly (any endpoint, OAuth ones included). Otherwise faults hit the
     * API resources, plus the token and revoke endpoints when {@code includeTokenEndpoint} is set; the browser-facing
     * authorize page is only hit when named explicitly.
     */
    private static boolean applies(FaultSettings s, String endpointKey) {
        if (s.endpoint() != null) {
            return s.endpoint().equals(endpointKey);
        }
        if (!endpointKey.contains(" /api/oauth/")) {
            return true;
        }
        return s.includeTokenEndpoint() && isTokenEndpoint(endpointKey);
    }

    static boolean isTokenEndpoint(String endpointKey) {
        return endpointKey.equals("POST /api/oauth/token") || endpointKey.equals("POST /api/oauth/revoke");
    }
}

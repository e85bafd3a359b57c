package io.fullscriptbridge.simulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What {@link FaultInjector} does to matching API requests. Posted as JSON to {@code /simulator/admin/faults}
 * (camelCase keys); absent fields mean "off".
 *
 * @param latencyMs            delay added before every matching request is handled
 * @param rateLimitRate        share (0..1) of matching requests answered 429
 * @param retryAfterSeconds    when set, 429 answers carry {@code Retry-After} with this many seconds
 * @param serverErrorRate      share (0..1) of matching requests answered with {@code serverErrorStatus}
 * @param serverErrorStatus    status for injected server errors (default 503)
 * @param failNextCount        the next N matching requests fail with {@code failNextStatus}, before any rate applies
 * @param failNextStatus       status for those (default 503)
 * @param endpoint             limit faults to one endpoint key (e.g. {@code POST /api/clinic/patients});
 *                             {@code null} = every API endpoint
 * @param includeTokenEndpoint without an explicit {@code endpoint}, faults skip the OAuth endpoints; this adds the
 *                             token and revoke endpoints (the browser-facing authorize page is only faulted when
 *                             named as {@code endpoint})
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class) // admin JSON stays camelCase whatever the app sets
public record FaultSettings(
        Long latencyMs,
        Double rateLimitRate,
        Integer retryAfterSeconds,
        Double serverErrorRate,
        Integer serverErrorStatus,
        Integer failNextCount,
        Integer failNextStatus,
        String endpoint,
        Boolean includeTokenEndpoint) {

    public static final FaultSettings NONE = new FaultSettings(0L, 0.0, null, 0.0, 503, 0, 503, null, false);

    /** Fills absent fields with their "off" defaults; rejects out-of-range values with IllegalArgumentException. */
    FaultSettings normalized() {
        FaultSettings s = new FaultSettings(
                latencyMs == null ? 0L : latencyMs,
                rateLimitRate == null ? 0.0 : rateLimitRate,
                retryAfterSeconds,
                serverErrorRate == null ? 0.0 : serverErrorRate,
                serverErrorStatus == null ? 503 : serverErrorStatus,
                failNextCount == null ? 0 : failNextCount,
                failNextStatus == null ? 503 : failNextStatus,
                endpoint == null || endpoint.isBlank() ? null : endpoint.trim(),
                includeTokenEndpoint != null && includeTokenEndpoint);
        require(s.latencyMs >= 0 && s.latencyMs <= 120_000, "latencyMs must be between 0 and 120000");
        require(s.rateLimitRate >= 0 && s.rateLimitRate <= 1, "rateLimitRate must be between 0 and 1");
        require(s.serverErrorRate >= 0 && s.serverErrorRate <= 1, "serverErrorRate must be between 0 and 1");
        require(s.retryAfterSeconds == null || s.retryAfterSeconds >= 0, "retryAfterSeconds must not be negative");
        require(s.serverErrorStatus >= 500 && s.serverErrorStatus <= 599, "serverErrorStatus must be a 5xx status");
        require(s.failNextCount >= 0, "failNextCount must not be negative");
        require(s.failNextStatus >= 400 && s.failNextStatus <= 599, "failNextStatus must be a 4xx or 5xx status");
        return s;
    }

    FaultSettings withFailNextCount(int remaining) {
        return new FaultSettings(latencyMs, rateLimitRate, retryAfterSeconds, serverErrorRate, serverErrorStatus,
                remaining, failNextStatus, endpoint, includeTokenEndpoint);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

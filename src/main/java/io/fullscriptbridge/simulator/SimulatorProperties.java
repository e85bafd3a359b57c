package io.fullscriptbridge.simulator;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;

/**
 * Settings of the Fullscript simulator ({@code bridge.simulator.*}).
 *
 * @param enabled                  serve the simulator under {@code /simulator/**}
 * @param clientId                 the only OAuth client the simulator knows
 * @param clientSecret             that client's secret
 * @param accessTokenTtl           lifetime of access tokens issued by the token endpoint (plain numbers are seconds)
 * @param seedTokenTtl             lifetime of the seeded {@code sim-seed-*} access tokens (plain numbers are days)
 * @param redirectUris             redirect URIs "registered on the dashboard"; empty accepts any absolute http(s)
 *                                 URI. Fullscript answers 404 on the authorize page when the redirect URI does not
 *                                 match.
 * @param allowTreatmentPlanCreate Fullscript restricts {@code POST /api/clinic/patients/{id}/treatment_plans}
 *                                 ("not available for general use"): the simulator answers 403 unless this is true
 * @param webhook                  webhook delivery ({@code bridge.simulator.webhook.*})
 */
@ConfigurationProperties("bridge.simulator")
public record SimulatorProperties(
        boolean enabled,
        @DefaultValue("sim-client-id") String clientId,
        @DefaultValue("sim-client-secret") String clientSecret,
        @DefaultValue("7200s") @DurationUnit(ChronoUnit.SECONDS) Duration accessTokenTtl,
        @DefaultValue("3650d") @DurationUnit(ChronoUnit.DAYS) Duration seedTokenTtl,
        @DefaultValue List<String> redirectUris,
        @DefaultValue("false") boolean allowTreatmentPlanCreate,
        @DefaultValue Webhook webhook) {

    /**
     * Webhook delivery, as configured on Fullscript's API dashboard (one endpoint per environment) plus the
     * simulator's knobs. {@code POST /simulator/admin/webhooks} overrides these at run time; reset restores them.
     *
     * @param url              the endpoint; empty = no webhooks
     * @param enabled          switch delivery off without forgetting the URL
     * @param challengeToken   the "secret challenge token" the endpoint must echo as {@code {"challenge": ...}}
     * @param signatureSecret  the "Fullscript-signature secret key" (HMAC-SHA256 key)
     * @param retrySchedule    delays before the retries of a failed delivery; a plain number is seconds (decimals
     *                         allowed, e.g. {@code 0.1}), otherwise a Spring duration ({@code 100ms}, {@code 5m}).
     *                         Fullscript's: 1 min, 5 min, 30 min, 60 min, 5 h (6 attempts in all)
     * @param dropRate         share (0..1) of events whose delivery is silently dropped
     * @param outOfOrderBatch  when ≥ 2, events are held until this many are waiting, then sent newest first
     * @param challengeTimeout how long the empty-body challenge call may take (Fullscript: 2 s)
     * @param payloadTimeout   how long the payload call may take (not documented; "aggressive time-outs")
     */
    public record Webhook(
            @DefaultValue("") String url,
            @DefaultValue("true") boolean enabled,
            @DefaultValue("sim-webhook-challenge-token") String challengeToken,
            @DefaultValue("sim-webhook-signature-secret") String signatureSecret,
            @DefaultValue({"60", "300", "1800", "3600", "18000"}) List<String> retrySchedule,
            @DefaultValue("0") double dropRate,
            @DefaultValue("0") int outOfOrderBatch,
            @DefaultValue("2s") Duration challengeTimeout,
            @DefaultValue("5s") Duration payloadTimeout) {
    }
}

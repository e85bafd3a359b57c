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
 */
@ConfigurationProperties("bridge.simulator")
public record SimulatorProperties(
        boolean enabled,
        @DefaultValue("sim-client-id") String clientId,
        @DefaultValue("sim-client-secret") String clientSecret,
        @DefaultValue("7200s") @DurationUnit(ChronoUnit.SECONDS) Duration accessTokenTtl,
        @DefaultValue("3650d") @DurationUnit(ChronoUnit.DAYS) Duration seedTokenTtl,
        @DefaultValue List<String> redirectUris,
        @DefaultValue("false") boolean allowTreatmentPlanCreate) {

}

package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import io.fullscriptbridge.oauth.Connection;
import io.fullscriptbridge.oauth.ConnectionRepository;
import io.fullscriptbridge.oauth.ConnectionTokenService;
import io.fullscriptbridge.oauth.DevConnectionSeeder;
import io.fullscriptbridge.oauth.NoConnectionException;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorReset;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A 401 to an authenticated call: one refresh, one more try with the new token. The production token provider
 * ({@link ConnectionTokenService}, the only {@link AccessTokenProvider}) refreshes dr-bennett's stored connection at
 * the simulator's token endpoint through the route and stores the rotated pair; the simulator expires the seeded
 * access token. Each test starts from the seeded tokens, in the simulator and in the stored connection.
 */
@ResilienceContextTest
class FullscriptTokenRefreshTest {

    static final String CLINIC = "GET /api/clinic";
    static final String TOKEN = "POST /api/oauth/token";
    /** A new flow each time: an acting user remembers the token its flow resolved (ActingUser). */
    static ActingUser bennett() {
        return new ActingUser("demo", "dr-bennett", null);
    }

    @Autowired FullscriptApi fullscript;
    @Autowired AccessTokenProvider tokenProvider;
    @Autowired FaultInjector faults;
    @Autowired SimulatorReset simulator;
    @Autowired SimulatorTokens simulatorTokens;
    @Autowired SimulatorRequestLog requests;
    @Autowired DevConnectionSeeder devConnections;
    @Autowired ConnectionRepository connections;
    @Autowired CircuitBreaker circuitBreaker;
    @Autowired MeterRegistry meters;

    @BeforeEach
    void seededTokens() {
        simulator.resetAll();
        devConnections.seed();
        circuitBreaker.reset();
    }

    @AfterEach
    void seededTokensForTheNextClass() {
        faults.reset();
        simulator.resetAll();
        devConnections.seed();
    }

    @Test
    void theProductionProviderIsTheOneInUse() {
        assertThat(tokenProvider).isInstanceOf(ConnectionTokenService.class);
    }

    @Test
    void anExpiredTokenIsRefreshedOnceTheRotatedPairStoredAndTheCallRetriedOnceWithTheNewToken() {
        assertThat(simulatorTokens.expireAccessToken(SimulatorSeed.TOKEN_PRACTITIONER_1)).isEqualTo(1);
        double retriesBefore = retries("401");
        double refreshedBefore = refreshes("refreshed");
        int storedRefreshesBefore = drBennett().getRefreshedCount();

        assertThat(fullscript.clinic(bennett()).path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);

        assertThat(requests.count(CLINIC, 401)).isEqualTo(1);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(1);
        assertThat(requests.count(TOKEN, 200)).as("the refresh went through the route too").isEqualTo(1);
        assertThat(retries("401")).isEqualTo(retriesBefore + 1);
        assertThat(refreshes("refreshed")).isEqualTo(refreshedBefore + 1);
        Connection stored = drBennett();
        assertThat(stored.getRefreshedCount()).isEqualTo(storedRefreshesBefore + 1);
        String storedAccess = tokenProvider.tokenFor(bennett()).value();
        assertThat(storedAccess).isNotEqualTo(SimulatorSeed.TOKEN_PRACTITIONER_1);
        assertThat(simulatorTokens.authenticate(storedAccess).ok()).as("the stored access token is the one Fullscript issued").isTrue();

        // the next call acts with the stored, refreshed token straight away
        fullscript.clinic(bennett());
        assertThat(requests.count(CLINIC)).isEqualTo(3);
        assertThat(requests.count(TOKEN)).isEqualTo(1);
    }

    @Test
    void a401AfterTheRefreshPropagates() {
        faults.configure(new FaultSettings(null, null, null, null, null, 2, 401, CLINIC, null));
        double refreshedBefore = refreshes("refreshed");

        assertThatThrownBy(() -> fullscript.clinic(bennett())).isInstanceOf(FullscriptApiException.Unauthorized.class);

        assertThat(requests.count(CLINIC, 401)).isEqualTo(2);
        assertThat(requests.count(TOKEN, 200)).as("one refresh, not one per 401").isEqualTo(1);
        assertThat(refreshes("refreshed")).isEqualTo(refreshedBefore + 1);
    }

    @Test
    void transientFailuresAreRetriedBeforeTheRefreshAndInsideIt() {
        // 503, then 401 (the seeded token expired); the refresh's token call gets a 503 and is retried; then success
        assertThat(simulatorTokens.expireAccessToken(SimulatorSeed.TOKEN_PRACTITIONER_1)).isEqualTo(1);
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 503, CLINIC, null));
        assertThat(fullscript.clinic(bennett()).path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        assertThat(requests.count(CLINIC, 503)).isEqualTo(1);
        assertThat(requests.count(CLINIC, 401)).isEqualTo(1);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(1);
        assertThat(requests.count(TOKEN, 200)).isEqualTo(1);

        simulator.resetAll();
        devConnections.seed();
        assertThat(simulatorTokens.expireAccessToken(SimulatorSeed.TOKEN_PRACTITIONER_1)).isEqualTo(1);
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 503, TOKEN, null));
        assertThat(fullscript.clinic(bennett()).path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        assertThat(requests.count(TOKEN, 503)).as("Fullscript did not act on a 503: the token POST is repeated").isEqualTo(1);
        assertThat(requests.count(TOKEN, 200)).isEqualTo(1);
        assertThat(requests.count(CLINIC, 401)).isEqualTo(1);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(1);
    }

    @Test
    void aRefreshFullscriptRefusesMarksTheConnectionForReauthorization() {
        // the practitioner removed the app inside Fullscript: both tokens are dead
        assertThat(simulatorTokens.revoke("sim-client-id", SimulatorSeed.TOKEN_PRACTITIONER_1)).isTrue();
        double invalidBefore = refreshes("invalid_grant");

        assertThatThrownBy(() -> fullscript.clinic(bennett()))
                .isInstanceOfSatisfying(NoConnectionException.class, e -> assertThat(e.getErrorCode()).isEqualTo("reauthorization_required"));

        assertThat(requests.count(CLINIC)).isEqualTo(1);
        assertThat(requests.count(TOKEN)).isEqualTo(1);
        assertThat(refreshes("invalid_grant")).isEqualTo(invalidBefore + 1);
        assertThat(drBennett().getStatus()).isEqualTo(Connection.Status.REAUTHORIZATION_REQUIRED);
        // no more calls for this user until they connect again
        assertThatThrownBy(() -> fullscript.clinic(bennett())).isInstanceOf(NoConnectionException.class);
        assertThat(requests.count(CLINIC)).isEqualTo(1);
    }

    @Test
    void callsWithoutABearerTokenAreNeverRefreshedAndPassThroughTheBudget() {
        long budgetedBefore = meters.get("bridge.fullscript.budget.wait").tag("lane", "bulk").timer().count();

        assertThatThrownBy(() -> fullscript.call(FullscriptRequest.unauthenticated("POST", "/api/oauth/revoke",
                Map.of("token", "x", "client_id", "sim-client-id", "client_secret", "wrong"))))
                .isInstanceOf(FullscriptApiException.Unauthorized.class);

        assertThat(requests.count("POST /api/oauth/revoke", 401)).isEqualTo(1);
        assertThat(requests.count(TOKEN)).isZero();
        assertThat(meters.get("bridge.fullscript.budget.wait").tag("lane", "bulk").timer().count()).as("the revoke call waited its turn in the budget")
                .isEqualTo(budgetedBefore + 1);
    }

    private Connection drBennett() {
        return connections.findByTenantAndEhrUserIdAndClinicId("demo", "dr-bennett", SimulatorSeed.CLINIC_1_ID).orElseThrow();
    }

    private double retries(String reason) {
        Counter counter = meters.find("bridge.fullscript.retries").tag("endpoint", CLINIC).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double refreshes(String outcome) {
        Counter counter = meters.find("bridge.oauth.refreshes").tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}

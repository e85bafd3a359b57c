package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.fullscriptbridge.oauth.ActingUser;
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
 * A 401 to an authenticated call: one refresh, one more try with the new token. The test token provider refreshes
 * for real at the simulator's token endpoint (through the route), and the simulator expires the seeded token.
 */
@ResilienceContextTest
class FullscriptTokenRefreshTest {

    static final String CLINIC = "GET /api/clinic";
    static final String TOKEN = "POST /api/oauth/token";
    static final ActingUser DR_BENNETT = new ActingUser("demo", "dr-bennett", null);

    @Autowired FullscriptApi fullscript;
    @Autowired FaultInjector faults;
    @Autowired SimulatorReset simulator;
    @Autowired SimulatorTokens simulatorTokens;
    @Autowired SimulatorRequestLog requests;
    @Autowired ResilienceTestSupport.RefreshingTokenProvider tokens;
    @Autowired CircuitBreaker circuitBreaker;
    @Autowired MeterRegistry meters;

    @BeforeEach
    void reset() {
        simulator.resetAll();
        tokens.reset();
        circuitBreaker.reset();
    }

    @AfterEach
    void clearFaults() {
        faults.reset();
        tokens.reset();
    }

    @Test
    void anExpiredTokenIsRefreshedOnceAndTheCallRetriedOnceWithTheNewToken() {
        assertThat(simulatorTokens.expireAccessToken(SimulatorSeed.TOKEN_PRACTITIONER_1)).isEqualTo(1);
        double retriesBefore = retries("401");

        assertThat(fullscript.clinic(DR_BENNETT).path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);

        assertThat(requests.count(CLINIC, 401)).isEqualTo(1);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(1);
        assertThat(requests.count(TOKEN, 200)).as("the refresh went through the route too").isEqualTo(1);
        assertThat(tokens.refreshes()).isEqualTo(1);
        assertThat(retries("401")).isEqualTo(retriesBefore + 1);

        // the next call acts with the refreshed token straight away
        fullscript.clinic(DR_BENNETT);
        assertThat(requests.count(CLINIC)).isEqualTo(3);
        assertThat(requests.count(TOKEN)).isEqualTo(1);
    }

    @Test
    void a401AfterTheRefreshPropagates() {
        faults.configure(new FaultSettings(null, null, null, null, null, 2, 401, CLINIC, null));

        assertThatThrownBy(() -> fullscript.clinic(DR_BENNETT)).isInstanceOf(FullscriptApiException.Unauthorized.class);

        assertThat(requests.count(CLINIC, 401)).isEqualTo(2);
        assertThat(requests.count(TOKEN)).isEqualTo(1);
        assertThat(tokens.refreshes()).isEqualTo(1);
    }

    @Test
    void transientFailuresAreRetriedBeforeAndAfterTheRefresh() {
        // 503, then 401 (the seeded token expired), refresh, then 503 again, then success
        assertThat(simulatorTokens.expireAccessToken(SimulatorSeed.TOKEN_PRACTITIONER_1)).isEqualTo(1);
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 503, CLINIC, null));
        simulatorFailsTheFirstCallAfterTheRefresh();

        assertThat(fullscript.clinic(DR_BENNETT).path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);

        assertThat(requests.count(CLINIC, 503)).isEqualTo(2);
        assertThat(requests.count(CLINIC, 401)).isEqualTo(1);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(1);
        assertThat(tokens.refreshes()).isEqualTo(1);
    }

    @Test
    void aFailedRefreshPropagatesItsReason() {
        assertThat(simulatorTokens.expireAccessToken(SimulatorSeed.TOKEN_PRACTITIONER_1)).isEqualTo(1);
        tokens.failRefreshes();

        assertThatThrownBy(() -> fullscript.clinic(DR_BENNETT))
                .isInstanceOfSatisfying(NoConnectionException.class, e -> assertThat(e.getErrorCode()).isEqualTo("reauthorization_required"));

        assertThat(requests.count(CLINIC)).isEqualTo(1);
    }

    @Test
    void callsWithoutABearerTokenAreNeverRefreshedAndPassThroughTheBudget() {
        long budgetedBefore = meters.get("bridge.fullscript.budget.wait").timer().count();

        assertThatThrownBy(() -> fullscript.call(FullscriptRequest.unauthenticated("POST", "/api/oauth/revoke",
                Map.of("token", "x", "client_id", "sim-client-id", "client_secret", "wrong"))))
                .isInstanceOf(FullscriptApiException.Unauthorized.class);

        assertThat(requests.count("POST /api/oauth/revoke", 401)).isEqualTo(1);
        assertThat(tokens.refreshes()).isZero();
        assertThat(meters.get("bridge.fullscript.budget.wait").timer().count()).as("the revoke call waited its turn in the budget")
                .isEqualTo(budgetedBefore + 1);
    }

    /** After the refresh's token call, the next GET /api/clinic fails once more with 503. */
    private void simulatorFailsTheFirstCallAfterTheRefresh() {
        tokens.afterRefresh(() -> faults.configure(new FaultSettings(null, null, null, null, null, 1, 503, CLINIC, null)));
    }

    private double retries(String reason) {
        Counter counter = meters.find("bridge.fullscript.retries").tag("endpoint", CLINIC).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }
}

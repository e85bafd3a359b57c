package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorReset;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The circuit breaker around the HTTP call: transient failures open it (10 calls, 50 %), then calls fail fast
 * without reaching Fullscript; after the open state (1 s here) probes close it again or re-open it. 4xx answers do
 * not count as failures. Settings: {@link ResilienceContextTest}.
 */
@ResilienceContextTest
class FullscriptCircuitBreakerTest {

    static final String CLINIC = "GET /api/clinic";
    static final String CREATE = "POST /api/clinic/patients";
    /** A new flow each time: an acting user remembers the token its flow resolved (ActingUser). */
    static ActingUser bennett() {
        return new ActingUser("demo", "dr-bennett", null);
    }

    @Autowired FullscriptApi fullscript;
    @Autowired FaultInjector faults;
    @Autowired SimulatorReset simulator;
    @Autowired SimulatorRequestLog requests;
    @Autowired CircuitBreaker circuitBreaker;
    @Autowired MeterRegistry meters;

    @BeforeEach
    void reset() {
        simulator.resetAll();
        circuitBreaker.reset();
    }

    @AfterEach
    void clearFaults() {
        faults.reset();
        circuitBreaker.reset();
    }

    @Test
    void opensAfterTransientFailuresThenFailsFastWithoutReachingFullscriptAndClosesAfterTheWait() throws Exception {
        faults.configure(new FaultSettings(null, null, null, 1.0, 503, null, null, CLINIC, null));

        // each call makes up to 4 requests (3 retries); the 10th failed request opens the circuit, and the retry
        // after it is refused at once instead of being sent
        FullscriptApiException last = null;
        for (int call = 0; call < 5 && !(last instanceof FullscriptApiException.CircuitOpen); call++) {
            last = callFails();
        }
        assertThat(last).isInstanceOf(FullscriptApiException.CircuitOpen.class);
        assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(requests.count(CLINIC)).as("minimum-number-of-calls, all failed").isEqualTo(10);
        assertThat(gauge("open")).isEqualTo(1.0);

        // fails fast: not attempted (the simulator count below), so no retry and no backoff either
        FullscriptApiException fast = callFails();
        assertThat(fast).isInstanceOf(FullscriptApiException.CircuitOpen.class);
        assertThat(fast.getStatus()).isZero();
        assertThat(fast.getMessage()).contains("circuit breaker open");
        assertThat(requests.count(CLINIC)).as("nothing reached Fullscript").isEqualTo(10);

        // Fullscript recovers; after the open state the probes (2 permitted) succeed and close the circuit
        faults.reset();
        Thread.sleep(1100);
        assertThat(fullscript.clinic(bennett()).path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        fullscript.clinic(bennett());
        assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(2);
        assertThat(gauge("closed")).isEqualTo(1.0);
    }

    @Test
    void failingProbesOpenTheCircuitAgain() throws Exception {
        circuitBreaker.transitionToOpenState();
        faults.configure(new FaultSettings(null, null, null, 1.0, 503, null, null, CLINIC, null));
        Thread.sleep(1100);

        // the first call's two attempts are the two permitted probes; both fail, so its next retry is refused
        FullscriptApiException failure = callFails();

        assertThat(failure).isInstanceOf(FullscriptApiException.CircuitOpen.class);
        assertThat(requests.count(CLINIC)).isEqualTo(2);
        assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void rejectionsAndUnauthorizedAnswersAreNotFailures() {
        FullscriptPatient taken = new FullscriptPatient(null, "Noor", "Haddad", SimulatorSeed.PATIENT_WITH_METADATA_EMAIL,
                null, null, null, false, null);
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> fullscript.createPatient(bennett(), taken)).isInstanceOf(FullscriptApiException.Rejected.class);
            // an OAuth call with a wrong client secret: 401, and no token to refresh
            assertThatThrownBy(() -> fullscript.call(FullscriptRequest.unauthenticated("POST", "/api/oauth/token",
                    Map.of("grant_type", "refresh_token", "refresh_token", "x", "client_id", "sim-client-id", "client_secret", "wrong"))))
                    .isInstanceOf(FullscriptApiException.Unauthorized.class);
        }

        assertThat(requests.count(CREATE, 422)).isEqualTo(6);
        assertThat(requests.count("POST /api/oauth/token", 401)).isEqualTo(6);
        assertThat(circuitBreaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(circuitBreaker.getMetrics().getNumberOfBufferedCalls()).isEqualTo(12);
        assertThat(circuitBreaker.getMetrics().getNumberOfFailedCalls()).isZero();
    }

    private FullscriptApiException callFails() {
        try {
            fullscript.clinic(bennett());
        } catch (FullscriptApiException e) {
            assertThat(e).isInstanceOf(FullscriptApiException.Transient.class);
            return e;
        }
        throw new AssertionError("the call should have failed");
    }

    private double gauge(String state) {
        return meters.get("bridge.fullscript.circuit.state").tag("state", state).gauge().value();
    }
}

package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

import io.fullscriptbridge.config.FullscriptProperties;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorReset;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Transient failures (429, 5xx, I/O, timeouts) are retried inside the route with backoff and Retry-After; other
 * failures are not. Real HTTP against the simulator; its request log says how many requests Fullscript saw.
 * Settings: {@link ResilienceContextTest} (3 retries, 50 ms doubling, max-delay 1.5 s, 1 s response timeout).
 */
@ResilienceContextTest
class FullscriptRetryTest {

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
    @Autowired FullscriptProperties fullscriptProperties;
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
    void a429WithRetryAfterIsRetriedNoSoonerThanFullscriptAsked() {
        faults.configure(new FaultSettings(null, null, 1, null, null, 1, 429, CLINIC, null));
        double retriesBefore = counter("bridge.fullscript.retries", "reason", "429");

        assertThat(fullscript.clinic(bennett()).path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);

        assertThat(requests.count(CLINIC, 429)).isEqualTo(1);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(1);
        List<Double> at = requests.arrivals(CLINIC).stream().map(n -> n / 1e6).toList();
        assertThat(at).hasSize(2);
        // Retry-After: 1 (seconds) beats the 50 ms backoff; a few ms of slack for the two requests' travel times
        assertThat(at.get(1) - at.get(0)).as("gap between the 429 and the retry, ms").isGreaterThanOrEqualTo(990.0);
        assertThat(counter("bridge.fullscript.retries", "reason", "429")).isEqualTo(retriesBefore + 1);
    }

    @Test
    void a503IsRetriedWithExponentialBackoffAndThenSucceeds() {
        faults.configure(new FaultSettings(null, null, null, null, null, 2, 503, CLINIC, null));

        assertThat(fullscript.clinic(bennett()).path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);

        assertThat(requests.count(CLINIC, 503)).isEqualTo(2);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(1);
        List<Double> at = requests.arrivals(CLINIC).stream().map(n -> n / 1e6).toList();
        assertThat(at).hasSize(3);
        assertThat(at.get(1) - at.get(0)).as("first backoff, ms (50)").isGreaterThanOrEqualTo(45.0);
        assertThat(at.get(2) - at.get(1)).as("second backoff, ms (100)").isGreaterThanOrEqualTo(95.0);
    }

    @Test
    void a503ThatNeverClearsEndsAsTransientAfterTheConfiguredRetries() {
        faults.configure(new FaultSettings(null, null, null, 1.0, 503, null, null, CLINIC, null));
        double attemptsBefore = counter("bridge.fullscript.requests", "status", "503");
        double retriesBefore = counter("bridge.fullscript.retries", "reason", "503");
        long start = System.nanoTime();

        assertThatThrownBy(() -> fullscript.clinic(bennett()))
                .isExactlyInstanceOf(FullscriptApiException.Transient.class)
                .satisfies(e -> assertThat(((FullscriptApiException) e).getStatus()).isEqualTo(503));

        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(requests.count(CLINIC)).as("the first request and 3 retries").isEqualTo(4);
        assertThat(elapsedMs).as("backoff 50 + 100 + 200 ms").isGreaterThanOrEqualTo(350);
        List<Double> at = requests.arrivals(CLINIC).stream().map(n -> n / 1e6).toList();
        assertThat(at.get(3) - at.get(2)).as("third backoff, ms (200)").isGreaterThanOrEqualTo(195.0);
        assertThat(counter("bridge.fullscript.requests", "status", "503")).isEqualTo(attemptsBefore + 4);
        assertThat(counter("bridge.fullscript.retries", "reason", "503")).isEqualTo(retriesBefore + 3);
    }

    @Test
    void aRetryAfterBeyondTheMaxDelayLeavesTheRetryToTheBroker() {
        faults.configure(new FaultSettings(null, 1.0, 2, null, null, null, null, CLINIC, null));
        double retries429Before = counter("bridge.fullscript.retries", "reason", "429");

        assertThatThrownBy(() -> fullscript.clinic(bennett()))
                .isInstanceOfSatisfying(FullscriptApiException.Transient.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(429);
                    assertThat(e.getRetryAfter()).isEqualTo(Duration.ofSeconds(2));
                });

        assertThat(requests.count(CLINIC)).as("Retry-After 2 s > max-delay 1.5 s: no retry in the route").isEqualTo(1);
        assertThat(counter("bridge.fullscript.retries", "reason", "429")).as("no retry counted").isEqualTo(retries429Before);
    }

    @Test
    void aRejectionIsNotRetried() {
        FullscriptPatient taken = new FullscriptPatient(null, "Noor", "Haddad", SimulatorSeed.PATIENT_WITH_METADATA_EMAIL,
                null, null, null, false, null);

        assertThatThrownBy(() -> fullscript.createPatient(bennett(), taken))
                .isInstanceOfSatisfying(FullscriptApiException.Rejected.class, e -> {
                    assertThat(e.getStatus()).isEqualTo(422);
                    assertThat(e.getErrors()).contains("Email has already been taken");
                });

        assertThat(requests.count(CREATE)).isEqualTo(1);
    }

    @Test
    void aCreateRefusedWith503IsRepeated() {
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 503, CREATE, null));

        FullscriptPatient created = fullscript.createPatient(bennett(), newPatient());

        assertThat(created.id()).isNotBlank();
        assertThat(requests.count(CREATE, 503)).isEqualTo(1);
        assertThat(requests.count(CREATE, 201) + requests.count(CREATE, 200)).isEqualTo(1);
    }

    @Test
    void aCreateThatFullscriptMayHaveActedOnIsNotRepeatedInTheRoute() {
        // after a 500 the patient may exist: the caller's redelivery starts over with the metadata lookup instead
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 500, CREATE, null));

        assertThatThrownBy(() -> fullscript.createPatient(bennett(), newPatient()))
                .isInstanceOfSatisfying(FullscriptApiException.Transient.class, e -> assertThat(e.getStatus()).isEqualTo(500));

        assertThat(requests.count(CREATE)).isEqualTo(1);
    }

    @Test
    void anUnreachableFullscriptIsTransientAfterTheRetries() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        double retriesBefore = counter("bridge.fullscript.retries", "reason", "io_error");
        // the base URL is resolved per call (decisions D3): point this context at a port nobody listens on, briefly
        String original = fullscriptProperties.getApiBaseUrl();
        fullscriptProperties.setApiBaseUrl("http://127.0.0.1:" + closedPort + "/api");
        try {
            assertThatThrownBy(() -> fullscript.clinic(bennett()))
                    .isInstanceOfSatisfying(FullscriptApiException.Transient.class, e -> {
                        assertThat(e.getStatus()).isZero();
                        assertThat(e.getCause()).isInstanceOf(ConnectException.class);
                    });
        } finally {
            fullscriptProperties.setApiBaseUrl(original);
        }
        assertThat(counter("bridge.fullscript.retries", "reason", "io_error")).isEqualTo(retriesBefore + 3);
        assertThat(requests.total()).isZero();
    }

    @Test
    void aResponseSlowerThanTheResponseTimeoutIsTransient() {
        faults.configure(new FaultSettings(ResilienceContextTest.RESPONSE_TIMEOUT_MS + 300, null, null, null, null, null, null, CLINIC, null));
        long start = System.nanoTime();

        assertThatThrownBy(() -> fullscript.clinic(bennett()))
                .isInstanceOfSatisfying(FullscriptApiException.Transient.class, e -> {
                    assertThat(e.getStatus()).isZero();
                    assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
                });

        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).as("4 attempts, each given up after the 1 s response timeout")
                .isGreaterThanOrEqualTo(4 * ResilienceContextTest.RESPONSE_TIMEOUT_MS);
        // the simulator finishes (and counts) the last slow request after the bridge gave up on it
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(requests.count(CLINIC)).isEqualTo(4));
    }

    private static FullscriptPatient newPatient() {
        String id = java.util.UUID.randomUUID().toString();
        return new FullscriptPatient(null, "Ada", "Lovelace", "ada-" + id + "@example.com", "1985-12-10", "female", null, false,
                new FullscriptPatient.Metadata("MRN-" + id));
    }

    private double counter(String name, String tag, String value) {
        Counter counter = meters.find(name).tag("endpoint", CLINIC).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }
}

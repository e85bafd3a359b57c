package io.fullscriptbridge.simulator;

import static io.fullscriptbridge.simulator.SimulatorHttp.params;
import static io.fullscriptbridge.simulator.SimulatorSeed.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Request counting, fault injection, forced token expiry and reset. */
@SimulatorIntegrationTest
class SimulatorAdminTest {

    @LocalServerPort
    int port;

    @Autowired
    SimulatorRequestLog requestLog;

    @Autowired
    SimulatorState state;

    SimulatorHttp http;

    @BeforeEach
    void reset() {
        http = new SimulatorHttp(port);
        http.reset();
    }

    // --- request counts ---------------------------------------------------------------------------------------

    @Test
    void everyApiRequestIsCountedByEndpointTemplateAndStatus() {
        http.get("/clinic", TOKEN_PRACTITIONER_1);
        http.get("/clinic", TOKEN_PRACTITIONER_1);
        http.get("/clinic", null);
        http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of("email", "count@example.com",
                "first_name", "Count", "last_name", "Me"));
        http.post("/clinic/patients", TOKEN_PRACTITIONER_1, Map.of("first_name", "Incomplete"));
        http.get("/clinic/patients/" + PATIENT_PLAIN_ID, TOKEN_PRACTITIONER_1);
        http.get("/clinic/patients/" + CLINIC_2_PATIENT_ID, TOKEN_PRACTITIONER_1);
        http.get("/clinic/metadata?id=x&type=patient", TOKEN_PRACTITIONER_1);
        http.token(params("grant_type", "refresh_token", "client_id", "sim-client-id",
                "client_secret", "sim-client-secret", "refresh_token", REFRESH_TOKEN_STAFF_1));
        http.admin("GET", "/state", null);

        assertThat(requestLog.count("GET /api/clinic")).isEqualTo(3);
        assertThat(requestLog.count("GET /api/clinic", 200)).isEqualTo(2);
        assertThat(requestLog.count("GET /api/clinic", 401)).isEqualTo(1);
        assertThat(requestLog.count("POST /api/clinic/patients", 201)).isEqualTo(1);
        assertThat(requestLog.count("POST /api/clinic/patients", 422)).isEqualTo(1);
        assertThat(requestLog.count("GET /api/clinic/patients/{id}")).isEqualTo(2);
        assertThat(requestLog.count("GET /api/clinic/patients/{id}", 404)).isEqualTo(1);
        assertThat(requestLog.count("GET /api/clinic/metadata")).isEqualTo(1);
        assertThat(requestLog.count("POST /api/oauth/token", 200)).isEqualTo(1);
        assertThat(requestLog.total()).as("admin calls are not counted").isEqualTo(9);

        JsonNode admin = http.admin("GET", "/requests", null).json();
        assertThat(admin.get("total").asLong()).isEqualTo(9);
        assertThat(admin.get("counts").get("POST /api/clinic/patients").asLong()).isEqualTo(2);
        assertThat(admin.get("byStatus").get("POST /api/clinic/patients").get("422").asLong()).isEqualTo(1);
        assertThat(requestLog.countsByEndpoint()).containsEntry("GET /api/clinic/patients/{id}", 2L)
                .containsEntry("POST /api/oauth/token", 1L);

        assertThat(http.admin("DELETE", "/requests", null).status()).isEqualTo(204);
        assertThat(requestLog.total()).isZero();
        assertThat(requestLog.count("GET /api/clinic")).isZero();
    }

    // --- faults -----------------------------------------------------------------------------------------------

    @Test
    void rateLimitFaultAnswers429WithRetryAfter() {
        configureFaults(Map.of("rateLimitRate", 1.0, "retryAfterSeconds", 7));

        SimulatorHttp.Response limited = http.get("/clinic/patients", TOKEN_PRACTITIONER_1);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.header("Retry-After")).contains("7");
        assertThat(limited.json().get("error").isArray()).isTrue();
        assertThat(limited.header("X-Request-Id")).isPresent();
        assertThat(requestLog.count("GET /api/clinic/patients", 429)).isEqualTo(1);

        // the token endpoint is left alone unless asked for
        assertThat(http.token(params("grant_type", "refresh_token", "client_id", "sim-client-id",
                "client_secret", "sim-client-secret", "refresh_token", REFRESH_TOKEN_STAFF_1)).status())
                .isEqualTo(200);

        // nor is the browser-facing authorize page
        assertThat(http.get("/oauth/authorize?client_id=sim-client-id&response_type=code&redirect_uri="
                + SimulatorHttp.enc("https://bridge.example/cb"), null).status()).isEqualTo(200);

        assertThat(http.admin("DELETE", "/faults", null).status()).isEqualTo(204);
        assertThat(http.get("/clinic/patients", TOKEN_PRACTITIONER_1).status()).isEqualTo(200);
    }

    @Test
    void serverErrorFaultAnswers503ByDefaultOrTheConfiguredStatus() {
        configureFaults(Map.of("serverErrorRate", 1.0));
        SimulatorHttp.Response unavailable = http.get("/clinic", TOKEN_PRACTITIONER_1);
        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.header("Retry-After")).isEmpty();

        configureFaults(Map.of("serverErrorRate", 1.0, "serverErrorStatus", 502));
        assertThat(http.get("/clinic", TOKEN_PRACTITIONER_1).status()).isEqualTo(502);

        configureFaults(Map.of("serverErrorRate", 0.0));
        assertThat(http.get("/clinic", TOKEN_PRACTITIONER_1).status()).isEqualTo(200);
    }

    @Test
    void latencyIsAddedBeforeTheAnswer() {
        configureFaults(Map.of("latencyMs", 400));

        long start = System.nanoTime();
        SimulatorHttp.Response response = http.get("/clinic", TOKEN_PRACTITIONER_1);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.status()).isEqualTo(200);
        assertThat(elapsedMs).isGreaterThanOrEqualTo(400);
    }

    @Test
    void failNextNRequestsOfOneEndpoint() {
        configureFaults(Map.of("failNextCount", 2, "failNextStatus", 503, "endpoint", "POST /api/clinic/patients"));
        Map<String, Object> patient = Map.of("patient", Map.of("email", "retry@example.com", "first_name", "Re",
                "last_name", "Try"));

        assertThat(http.get("/clinic", TOKEN_PRACTITIONER_1).status()).as("other endpoints unaffected")
                .isEqualTo(200);
        assertThat(http.post("/clinic/patients", TOKEN_PRACTITIONER_1, patient).status()).isEqualTo(503);
        assertThat(http.post("/clinic/patients", TOKEN_PRACTITIONER_1, patient).status()).isEqualTo(503);
        assertThat(state.patients(CLINIC_1_ID)).as("failed requests change nothing").hasSize(CLINIC_1_PATIENT_COUNT);
        assertThat(http.post("/clinic/patients", TOKEN_PRACTITIONER_1, patient).status()).isEqualTo(201);

        assertThat(requestLog.count("POST /api/clinic/patients", 503)).isEqualTo(2);
        assertThat(requestLog.count("POST /api/clinic/patients", 201)).isEqualTo(1);
        assertThat(state.patients(CLINIC_1_ID)).hasSize(CLINIC_1_PATIENT_COUNT + 1);
        assertThat(http.admin("GET", "/faults", null).json().get("failNextCount").asInt()).isZero();
    }

    @Test
    void failNext429CarriesRetryAfterAndTheTokenEndpointCanBeIncluded() {
        configureFaults(Map.of("failNextCount", 1, "failNextStatus", 429, "retryAfterSeconds", 3,
                "includeTokenEndpoint", true));
        SimulatorHttp.Response token = http.token(params("grant_type", "refresh_token", "client_id",
                "sim-client-id", "client_secret", "sim-client-secret", "refresh_token", REFRESH_TOKEN_STAFF_1));

        assertThat(token.status()).isEqualTo(429);
        assertThat(token.header("Retry-After")).contains("3");
        assertThat(http.get("/clinic", TOKEN_STAFF_1).status()).as("budget used up; the refresh never happened")
                .isEqualTo(200);
    }

    @Test
    void faultSettingsAreValidated() {
        SimulatorHttp.Response typo = http.admin("POST", "/faults", Map.of("latency", 100));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.body()).contains("latencyMs");

        assertThat(http.admin("POST", "/faults", Map.of("rateLimitRate", 1.5)).status()).isEqualTo(400);
        assertThat(http.admin("POST", "/faults", Map.of("serverErrorStatus", 200)).status()).isEqualTo(400);
        assertThat(http.admin("POST", "/faults", Map.of("latencyMs", "slow")).status()).isEqualTo(400);
        assertThat(http.get("/clinic", TOKEN_PRACTITIONER_1).status()).isEqualTo(200);
    }

    // --- forced token expiry ----------------------------------------------------------------------------------

    @Test
    void forcedExpiryMakesTheTokenFailWith401UntilRefreshed() {
        SimulatorHttp.Response expire = http.admin("POST", "/tokens/expire", Map.of("token", TOKEN_PRACTITIONER_1));
        assertThat(expire.status()).isEqualTo(200);
        assertThat(expire.json().get("expired").asInt()).isEqualTo(1);

        SimulatorHttp.Response expired = http.get("/clinic", TOKEN_PRACTITIONER_1);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(expired.json().get("error_description").asText()).isEqualTo("The access token expired");
        assertThat(http.get("/clinic", TOKEN_SHARED_PRACTITIONER_CLINIC_1).status()).isEqualTo(200);

        // refresh tokens do not expire
        SimulatorHttp.Response refreshed = http.token(params("grant_type", "refresh_token", "client_id",
                "sim-client-id", "client_secret", "sim-client-secret", "refresh_token", REFRESH_TOKEN_PRACTITIONER_1));
        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(http.get("/clinic", refreshed.json().at("/oauth/access_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void forcedExpiryByResourceOwner() {
        SimulatorHttp.Response expire = http.admin("POST", "/tokens/expire",
                Map.of("resourceOwnerId", SHARED_PRACTITIONER_CLINIC_2_ID));
        assertThat(expire.status()).isEqualTo(200);

        assertThat(http.get("/clinic", TOKEN_SHARED_PRACTITIONER_CLINIC_2).status()).isEqualTo(401);
        assertThat(http.get("/clinic", TOKEN_SHARED_PRACTITIONER_CLINIC_1).status())
                .as("the other membership of the same person").isEqualTo(200);
        assertThat(http.admin("POST", "/tokens/expire", Map.of("token", "unknown")).status()).isEqualTo(404);
    }

    // --- reset ------------------------------------------------------------------------------------------------

    @Test
    void resetClearsFaultsCountsAutoApproveAndRestoresSeedTokens() {
        configureFaults(Map.of("latencyMs", 5, "serverErrorRate", 1.0));
        http.admin("POST", "/oauth/auto-approve", Map.of("membershipId", STAFF_1_ID));
        http.admin("POST", "/tokens/expire", Map.of("token", TOKEN_STAFF_1));
        http.get("/clinic", TOKEN_STAFF_1);
        assertThat(requestLog.total()).isEqualTo(1);

        http.reset();

        assertThat(requestLog.total()).isZero();
        assertThat(http.admin("GET", "/faults", null).json().get("serverErrorRate").asDouble()).isZero();
        assertThat(http.admin("GET", "/oauth/auto-approve", null).json().get("enabled").asBoolean()).isFalse();
        assertThat(http.get("/clinic", TOKEN_STAFF_1).status()).isEqualTo(200);
    }

    private void configureFaults(Map<String, Object> settings) {
        SimulatorHttp.Response response = http.admin("POST", "/faults", new HashMap<>(settings));
        assertThat(response.status()).as("faults %s", response).isEqualTo(200);
    }
}

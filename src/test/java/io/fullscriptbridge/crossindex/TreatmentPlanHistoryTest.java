package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.events.EventPoller;
import io.fullscriptbridge.simulator.SimTreatmentPlan;
import io.fullscriptbridge.simulator.SimulatorPortal;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The patient-history page: the local copy at once; refresh=true fetches and reports what changed. */
@BridgeIntegrationTest
class TreatmentPlanHistoryTest {

    @LocalServerPort int port;
    @Autowired BrokerProperties broker;
    @Autowired ObjectMapper json;
    @Autowired SimulatorPortal portal;
    @Autowired SimulatorRequestLog requests;
    @Autowired EventPoller poller;

    @Test
    void theLocalCopyAnswersAtOnceAndARefreshReportsTheChangeMadeInFullscript() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String fullscriptPatientId;
        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            String messageId = UUID.randomUUID().toString();
            ehr.send("ehr.inbound.demo", CrossIndexTest.body(mrn, "Dorothy", "Hodgkin", mrn.toLowerCase() + "@example.com", null),
                    Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
            fullscriptPatientId = json.readTree(AmqpClient.text(ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000)))
                    .at("/data/fullscriptPatientId").asText();
        }
        // a practitioner writes a draft plan in Fullscript; the event brings it into the local copy
        SimTreatmentPlan plan = portal.createTreatmentPlan(SimulatorSeed.CLINIC_1_ID, fullscriptPatientId, SimulatorSeed.PRACTITIONER_1_ID,
                SimTreatmentPlan.State.DRAFT, List.of());
        poller.pollAll();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                .until(() -> get(mrn, false).path("treatmentPlans").size() == 1);

        long calls = requests.countMentioning(fullscriptPatientId, plan.id());
        JsonNode local = get(mrn, false);
        assertThat(requests.countMentioning(fullscriptPatientId, plan.id())).as("the local copy costs no call").isEqualTo(calls);
        assertThat(local.at("/treatmentPlans/0/id").asText()).isEqualTo(plan.id());
        assertThat(local.at("/treatmentPlans/0/state").asText()).isEqualTo("draft");
        assertThat(local.path("changes").isNull()).isTrue();

        // activated in Fullscript; no event read yet: the copy still says draft, a refresh sees the change
        portal.activateTreatmentPlan(plan.id());
        assertThat(get(mrn, false).at("/treatmentPlans/0/state").asText()).isEqualTo("draft");
        JsonNode refreshed = get(mrn, true);
        assertThat(refreshed.at("/treatmentPlans/0/state").asText()).isEqualTo("active");
        assertThat(refreshed.at("/changes/updated").toString()).contains(plan.id());
        assertThat(refreshed.at("/changes/added").size()).isZero();
        assertThat(refreshed.at("/changes/removed").size()).isZero();
        // and the local copy keeps what the refresh found
        assertThat(get(mrn, false).at("/treatmentPlans/0/state").asText()).isEqualTo("active");
    }

    @Test
    void unknownPatientsAndMissingCredentialsAreRefused() throws Exception {
        assertThat(send("/api/patients/MRN-nobody/treatment-plans", "test-demo-api-key").statusCode()).isEqualTo(404);
        assertThat(send("/api/patients/MRN-nobody/treatment-plans", "wrong").statusCode()).isEqualTo(401);
    }

    private JsonNode get(String mrn, boolean refresh) throws Exception {
        HttpResponse<String> response = send("/api/patients/" + mrn + "/treatment-plans" + (refresh ? "?refresh=true" : ""), "test-demo-api-key");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> send(String path, String apiKey) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Bridge-Tenant", "demo").header("X-Bridge-Api-Key", apiKey).header("X-Bridge-Ehr-User-Id", "dr-bennett")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}

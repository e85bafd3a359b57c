package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.events.EventPoller;
import io.fullscriptbridge.oauth.BridgeUrls;
import io.fullscriptbridge.oauth.LaunchLinks;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimEvent;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimTreatmentPlan;
import io.fullscriptbridge.simulator.SimulatorEvents;
import io.fullscriptbridge.simulator.SimulatorPortal;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.BrokerQueues;
import io.fullscriptbridge.support.Http;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Two EHR customers share one Fullscript clinic and both call their patient MRN-1: two Fullscript patients, each
 * tenant's demographics stay on its own, and each tenant gets only the events and treatment plans of its own patient.
 */
@BridgeIntegrationTest
class TwoTenantsOneClinicTest {

    private static final String MRN = "MRN-1";

    @LocalServerPort int port;
    @Autowired org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ artemis;
    @Autowired BrokerProperties broker;
    @Autowired ObjectMapper json;
    @Autowired SimulatorState simulator;
    @Autowired SimulatorPortal portal;
    @Autowired SimulatorEvents simulatorEvents;
    @Autowired EventPoller poller;
    @Autowired LaunchLinks links;
    @Autowired OAuthAutoApproval autoApproval;

    @AfterEach
    void clear() {
        autoApproval.clear();
    }

    @Test
    void bothTenantsMrn1AreTwoPatientsWithoutCrossTalk() throws Exception {
        // tenant "other" connects a practitioner of clinic 1, where demo's dr-bennett works too
        String otherUser = "dr-other-" + System.nanoTime();
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.SHARED_PRACTITIONER_CLINIC_1_ID));
        assertThat(new Http(port).browse(links.signedUrl("", BridgeUrls.CONNECT_PATH,
                new LaunchLinks.Launch("connect", "other", otherUser, links.expiresIn(Duration.ofMinutes(5)), null))).statusCode()).isEqualTo(200);

        String suffix = UUID.randomUUID().toString().substring(0, 8);
        JsonNode demoLinked = upsert("demo", "dr-bennett", "Ada", "Lovelace", "ada-" + suffix + "@example.com", "1985-12-10");
        JsonNode otherLinked = upsert("other", otherUser, "Grace", "Hopper", "grace-" + suffix + "@example.com", "1906-12-09");

        String demoPatient = demoLinked.at("/data/fullscriptPatientId").asText();
        String otherPatient = otherLinked.at("/data/fullscriptPatientId").asText();
        assertThat(demoLinked.at("/data/clinicId").asText()).isEqualTo(otherLinked.at("/data/clinicId").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        assertThat(otherLinked.at("/data/matchedBy").asText()).as("not demo's MRN-1").isEqualTo("created");
        assertThat(otherPatient).isNotEqualTo(demoPatient);

        SimPatient ada = simulator.patient(demoPatient).orElseThrow();
        SimPatient grace = simulator.patient(otherPatient).orElseThrow();
        assertThat(ada.lastName()).as("demo's patient keeps demo's demographics").isEqualTo("Lovelace");
        assertThat(ada.metadataId()).isEqualTo("demo:" + MRN);
        assertThat(grace.lastName()).isEqualTo("Hopper");
        assertThat(grace.metadataId()).isEqualTo("other:" + MRN);

        // Fullscript changes each patient: each tenant hears of its own only
        portal.updatePatient(demoPatient, Map.of("first_name", "Augusta"));
        String demoEvent = latestEvent(demoPatient).id();
        portal.updatePatient(otherPatient, Map.of("first_name", "Amazing"));
        String otherEvent = latestEvent(otherPatient).id();
        SimTreatmentPlan plan = portal.createTreatmentPlan(SimulatorSeed.CLINIC_1_ID, demoPatient, SimulatorSeed.PRACTITIONER_1_ID,
                SimTreatmentPlan.State.DRAFT, List.of());
        String planEvent = latestEvent(plan.id()).id();
        poller.pollAll();

        assertThat(event("demo", demoEvent).at("/data/ehrPatientId").asText()).isEqualTo(MRN);
        assertThat(event("demo", planEvent).at("/data/ehrPatientId").asText()).isEqualTo(MRN);
        assertThat(event("other", otherEvent).at("/data/fullscriptPatientId").asText()).isEqualTo(otherPatient);
        assertThat(noEvent("other", demoEvent)).as("demo's patient's change is not other's").isTrue();
        assertThat(noEvent("other", planEvent)).as("nor demo's patient's plan").isTrue();
        assertThat(noEvent("demo", otherEvent)).isTrue();

        // the treatment-plan history of each tenant's MRN-1
        await().atMost(Duration.ofSeconds(15)).until(() -> plans("demo").path("treatmentPlans").size() == 1);
        assertThat(plans("demo").at("/treatmentPlans/0/id").asText()).isEqualTo(plan.id());
        assertThat(plans("other").path("treatmentPlans").size()).isZero();
    }

    private JsonNode upsert(String tenant, String ehrUserId, String first, String last, String email, String dob) throws Exception {
        String messageId = UUID.randomUUID().toString();
        String body = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + MRN + "\",\"firstName\":\"" + first + "\",\"lastName\":\"" + last
                + "\",\"email\":\"" + email + "\",\"dateOfBirth\":\"" + dob + "\"}}";
        try (AmqpClient ehr = AmqpClient.as(tenant, broker.resolvedPort())) {
            ehr.send("ehr.inbound." + tenant, body, Map.of("ehrUserId", ehrUserId, "messageId", messageId));
            Message m = ehr.receive("ehr.outbound." + tenant, "correlationId = '" + messageId + "'", 20_000);
            assertThat(m).as("%s's answer", tenant).isNotNull();
            JsonNode answer = json.readTree(AmqpClient.text(m));
            assertThat(answer.path("type").asText()).as(answer.toString()).isEqualTo("patient.linked");
            return answer;
        }
    }

    private SimEvent latestEvent(String objectId) {
        return simulatorEvents.events(SimulatorSeed.CLINIC_1_ID).stream().filter(e -> objectId.equals(e.objectId()))
                .reduce((a, b) -> b).orElseThrow();
    }

    private JsonNode event(String tenant, String eventId) throws Exception {
        try (AmqpClient ehr = AmqpClient.as(tenant, broker.resolvedPort())) {
            Message m = ehr.receive("ehr.outbound." + tenant, "correlationId = '" + eventId + "'", 20_000);
            assertThat(m).as("event %s for %s", eventId, tenant).isNotNull();
            return json.readTree(AmqpClient.text(m));
        }
    }

    /** Once no event is waiting or in delivery, whatever the events route sent is on the tenant's queue already (D74). */
    private boolean noEvent(String tenant, String eventId) {
        BrokerQueues queues = new BrokerQueues(artemis);
        queues.awaitHandled("fullscript.events");
        return queues.count("ehr.outbound." + tenant, "correlationId = '" + eventId + "'") == 0;
    }

    private JsonNode plans(String tenant) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/patients/" + MRN + "/treatment-plans"))
                .header("X-Bridge-Tenant", tenant).header("X-Bridge-Api-Key", "test-" + tenant + "-api-key")
                .header("X-Bridge-Ehr-User-Id", "any").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }
}

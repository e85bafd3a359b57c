package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.SimTreatmentPlan;
import io.fullscriptbridge.simulator.SimulatorDynamicLinks;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** "Recommend with Fullscript": a request with JMSReplyTo gets the Redirect link that opens a plan for the patient. */
@BridgeIntegrationTest
class TreatmentPlanLinkTest {

    @Autowired BrokerProperties broker;
    @Autowired ObjectMapper json;
    @Autowired SimulatorState simulator;
    @Autowired SimulatorDynamicLinks dynamicLinks;
    @Autowired PlanLinkRequestRepository planLinks;
    @Autowired io.fullscriptbridge.events.EventPoller poller;
    @Autowired io.fullscriptbridge.simulator.SimulatorEvents simulatorEvents;
    @Autowired io.fullscriptbridge.simulator.FaultInjector faults;
    @LocalServerPort int port;

    @Test
    void aFailedEncounterLabelInFullscriptNeverFailsThePlansEvent() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            String upsertId = UUID.randomUUID().toString();
            ehr.send("ehr.inbound.demo", CrossIndexTest.body(mrn, "Tu", "Youyou", mrn.toLowerCase() + "@example.com", null),
                    Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", upsertId));
            JsonNode linked = json.readTree(AmqpClient.text(ehr.receive("ehr.outbound.demo", "correlationId = '" + upsertId + "'", 20_000)));
            String fullscriptPatientId = linked.at("/data/fullscriptPatientId").asText();
            Message reply = ehr.request("ehr.inbound.demo", "{\"type\":\"treatment_plan.link\",\"patientId\":\"" + mrn + "\",\"encounterId\":\"ENC-88\"}",
                    Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", UUID.randomUUID().toString()), 20_000);
            String redirectUrl = json.readTree(AmqpClient.text(reply)).at("/data/redirectUrl").asText();
            dynamicLinks.complete(SimulatorDynamicLinks.tokenOf(redirectUrl));
            String planId = simulator.treatmentPlans(SimulatorSeed.CLINIC_1_ID, fullscriptPatientId).get(0).id();

            // Fullscript refuses the metadata PATCH on the plan
            faults.configure(new io.fullscriptbridge.simulator.FaultSettings(null, null, null, null, null, 1, 422,
                    "PATCH /api/clinic/treatment_plans/{id}", null));
            Message created;
            String eventId;
            try {
                poller.pollAll();
                eventId = simulatorEvents.events(SimulatorSeed.CLINIC_1_ID).stream()
                        .filter(e -> planId.equals(e.objectId()) && e.type().equals("treatment_plan.created")).findFirst().orElseThrow().id();
                created = ehr.receive("ehr.outbound.demo", "correlationId = '" + eventId + "'", 20_000);
            } finally {
                faults.reset();
            }
            assertThat(created).as("the event reaches the EHR all the same").isNotNull();
            assertThat(json.readTree(AmqpClient.text(created)).at("/data/encounterId").asText()).isEqualTo("ENC-88");
            assertThat(simulator.treatmentPlan(planId).orElseThrow().metadataId()).as("the label was not written").isNull();
        }
    }

    @Test
    void theReplyCarriesARedirectUrlThatOpensAPlanForThePatientAndPractitioner() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            String upsertId = UUID.randomUUID().toString();
            ehr.send("ehr.inbound.demo", CrossIndexTest.body(mrn, "Gertrude", "Elion", mrn.toLowerCase() + "@example.com", null),
                    Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", upsertId));
            JsonNode linked = json.readTree(AmqpClient.text(ehr.receive("ehr.outbound.demo", "correlationId = '" + upsertId + "'", 20_000)));
            String fullscriptPatientId = linked.at("/data/fullscriptPatientId").asText();

            String requestId = UUID.randomUUID().toString();
            Message reply = ehr.request("ehr.inbound.demo", "{\"type\":\"treatment_plan.link\",\"patientId\":\"" + mrn + "\",\"encounterId\":\"ENC-77\"}",
                    Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", requestId), 20_000);
            assertThat(reply).as("answer on JMSReplyTo").isNotNull();
            JsonNode answer = json.readTree(AmqpClient.text(reply));
            assertThat(answer.path("type").asText()).isEqualTo("treatment_plan.link");
            assertThat(answer.at("/data/fullscriptPatientId").asText()).isEqualTo(fullscriptPatientId);
            assertThat(answer.at("/data/encounterId").asText()).isEqualTo("ENC-77");
            String redirectUrl = answer.at("/data/redirectUrl").asText();
            assertThat(redirectUrl).startsWith("http://127.0.0.1:" + port + "/simulator/fullscript/redirect/");
            // the encounter is kept for the plan Fullscript will create
            assertThat(planLinks.findByTenantAndEhrPatientIdOrderById("demo", mrn)).singleElement().satisfies(r -> {
                assertThat(r.getEncounterId()).isEqualTo("ENC-77");
                assertThat(r.getPractitionerId()).isEqualTo(SimulatorSeed.PRACTITIONER_1_ID);
                assertThat(r.getFullscriptPatientId()).isEqualTo(fullscriptPatientId);
            });
            // the same answer on the tenant's outbound queue
            assertThat(ehr.receive("ehr.outbound.demo", "correlationId = '" + requestId + "'", 10_000)).isNotNull();

            // the practitioner follows the link and activates the plan in Fullscript
            dynamicLinks.complete(SimulatorDynamicLinks.tokenOf(redirectUrl));
            assertThat(simulator.treatmentPlans(SimulatorSeed.CLINIC_1_ID, fullscriptPatientId))
                    .singleElement()
                    .satisfies(plan -> {
                        assertThat(plan.state()).isEqualTo(SimTreatmentPlan.State.ACTIVE);
                        assertThat(plan.practitionerId()).isEqualTo(SimulatorSeed.PRACTITIONER_1_ID);
                    });
            String planId = simulator.treatmentPlans(SimulatorSeed.CLINIC_1_ID, fullscriptPatientId).get(0).id();

            // Fullscript reports the new plan; the bridge labels it with the encounter and the EHR hears of it
            poller.pollAll();
            String eventId = simulatorEvents.events(SimulatorSeed.CLINIC_1_ID).stream()
                    .filter(e -> planId.equals(e.objectId()) && e.type().equals("treatment_plan.created")).findFirst().orElseThrow().id();
            Message created = ehr.receive("ehr.outbound.demo", "correlationId = '" + eventId + "'", 20_000);
            assertThat(created).isNotNull();
            JsonNode event = json.readTree(AmqpClient.text(created));
            assertThat(event.at("/data/encounterId").asText()).isEqualTo("ENC-77");
            assertThat(event.at("/data/ehrPatientId").asText()).isEqualTo(mrn);
            assertThat(simulator.treatmentPlan(planId).orElseThrow().metadataId()).isEqualTo("ENC-77");
        }
    }

    @Test
    void aPatientUnknownToFullscriptMustBeUpsertedFirst() throws Exception {
        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            String requestId = UUID.randomUUID().toString();
            ehr.send("ehr.inbound.demo", "{\"type\":\"treatment_plan.link\",\"patientId\":\"MRN-never-seen-" + requestId + "\"}",
                    Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", requestId));
            Message invalid = AmqpClient.receiveAs("bridge", broker.resolvedPort(), "ehr.inbound.invalid", "messageId = '" + requestId + "'", 20_000);
            assertThat(invalid).isNotNull();
            assertThat(invalid.getStringProperty("errorCode")).isEqualTo("patient_not_synced");
        }
    }
}

package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimulatorPortal;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorReset;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The matcher's branches that D18 names and no other test reached: one e-mail candidate already carrying another EHR
 * patient's id, one candidate with another last name, and a cross-indexed patient gone at Fullscript.
 */
@BridgeIntegrationTest
class MatcherBranchesTest {

    static final String CREATE = "POST /api/clinic/patients";

    @Autowired BrokerProperties broker;
    @Autowired SimulatorState simulator;
    @Autowired SimulatorPortal portal;
    @Autowired SimulatorReset simulatorReset;
    @Autowired SimulatorRequestLog requests;
    @Autowired PatientXrefRepository xrefs;
    @Autowired ObjectMapper json;

    AmqpClient ehr;

    @BeforeEach
    void open() throws Exception {
        ehr = AmqpClient.as("demo", broker.resolvedPort());
    }

    @AfterEach
    void close() throws Exception {
        ehr.close();
    }

    @Test
    void aCandidateAlreadyLinkedToAnotherEhrPatientGoesToReview() throws Exception {
        String first = "MRN-" + UUID.randomUUID();
        String email = first.toLowerCase() + "@example.com";
        JsonNode created = upsert(first, "Chien-Shiung", "Wu", email);
        assertThat(created.at("/data/matchedBy").asText()).isEqualTo("created");
        String fullscriptId = created.at("/data/fullscriptPatientId").asText();

        // another EHR record of (apparently) the same person: the bridge does not re-point the Fullscript patient
        String second = "MRN-" + UUID.randomUUID();
        JsonNode answer = upsert(second, "Chien-Shiung", "Wu", email);

        assertThat(answer.path("type").asText()).isEqualTo("patient.review_required");
        assertThat(answer.at("/data/reason").asText()).isEqualTo("email_linked_to_another_ehr_patient");
        assertThat(simulator.patient(fullscriptId).orElseThrow().metadataId()).isEqualTo("demo:" + first);
        assertThat(xrefs.findByTenantAndEhrPatientIdAndClinicId("demo", second, SimulatorSeed.CLINIC_1_ID)).isEmpty();
        assertThat(creates(second)).isZero();
    }

    @Test
    void oneCandidateWithAnotherLastNameGoesToReview() throws Exception {
        String email = "curie-" + UUID.randomUUID() + "@example.com";
        SimPatient inFullscript = portal.createPatient(SimulatorSeed.CLINIC_1_ID, Map.of("first_name", "Marie", "last_name", "Curie", "email", email));
        String mrn = "MRN-" + UUID.randomUUID();

        JsonNode answer = upsert(mrn, "Marie", "Sklodowska", email);

        assertThat(answer.path("type").asText()).isEqualTo("patient.review_required");
        assertThat(answer.at("/data/reason").asText()).isEqualTo("last_name_conflict");
        assertThat(simulator.patient(inFullscript.id()).orElseThrow().metadataId()).isNull();
        assertThat(creates(mrn)).isZero();
    }

    @Test
    void aCrossIndexedPatientGoneAtFullscriptIsMatchedAfresh() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String email = mrn.toLowerCase() + "@example.com";
        String before = upsert(mrn, "Rosalind", "Franklin", email).at("/data/fullscriptPatientId").asText();
        // Fullscript forgets every patient it did not start with (the simulator back to its seed)
        simulatorReset.resetAll();
        assertThat(simulator.patient(before)).isEmpty();

        JsonNode answer = upsert(mrn, "Rosalind", "Franklin-Gosling", email);

        assertThat(answer.path("type").asText()).isEqualTo("patient.linked");
        assertThat(answer.at("/data/matchedBy").asText()).isEqualTo("created");
        String after = answer.at("/data/fullscriptPatientId").asText();
        assertThat(after).isNotEqualTo(before);
        assertThat(simulator.patient(after).orElseThrow().lastName()).isEqualTo("Franklin-Gosling");
        assertThat(requests.entries(e -> e.endpointKey().equals("PATCH /api/clinic/patients/{id}") && e.mentions(before)))
                .as("the PATCH that found it gone").singleElement().extracting(SimulatorRequestLog.Entry::status).isEqualTo(404);
        assertThat(xrefs.findByTenantAndEhrPatientIdAndClinicId("demo", mrn, SimulatorSeed.CLINIC_1_ID).orElseThrow().getFullscriptPatientId())
                .isEqualTo(after);
    }

    private long creates(String mrn) {
        return requests.entries(e -> e.endpointKey().equals(CREATE) && e.mentions(mrn)).size();
    }

    private JsonNode upsert(String mrn, String first, String last, String email) throws Exception {
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", CrossIndexTest.body(mrn, first, last, email, null),
                Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
        Message m = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
        assertThat(m).as("answer to %s", messageId).isNotNull();
        return json.readTree(AmqpClient.text(m));
    }
}

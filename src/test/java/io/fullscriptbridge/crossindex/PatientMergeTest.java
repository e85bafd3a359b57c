package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.Http;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * HL7 ADT A40 (decision D46), with shared/samples' A40 (26-lfh-a40-v26-mrg.hl7: PID-3 MR1 survives, MRG-1 MR2 is
 * merged into it), its ids replaced by this test's own.
 */
@BridgeIntegrationTest
class PatientMergeTest {

    @Autowired BrokerProperties broker;
    @Autowired PatientXrefRepository xrefs;
    @Autowired SimulatorRequestLog requests;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

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
    void thePriorIdsCrossIndexEntryMovesToTheSurvivingId() throws Exception {
        String prior = "PRIOR-" + UUID.randomUUID();
        String surviving = "SURV-" + UUID.randomUUID();
        String fullscriptId = link(prior, "Ada", "Lovelace");

        long before = requests.total();
        JsonNode merged = answer(send(a40(surviving, prior)));
        assertThat(merged.path("type").asText()).isEqualTo("patient.linked");
        assertThat(merged.at("/data/matchedBy").asText()).isEqualTo("merge");
        assertThat(merged.at("/data/ehrPatientId").asText()).isEqualTo(surviving);
        assertThat(merged.at("/data/fullscriptPatientId").asText()).isEqualTo(fullscriptId);
        assertThat(requests.total()).as("the merge is the bridge's own bookkeeping").isEqualTo(before);
        assertThat(xrefs.findByTenantAndEhrPatientId("demo", prior)).isEmpty();
        assertThat(xrefs.findByTenantAndEhrPatientIdAndClinicId("demo", surviving, SimulatorSeed.CLINIC_1_ID))
                .hasValueSatisfying(x -> assertThat(x.getFullscriptPatientId()).isEqualTo(fullscriptId));

        // the surviving id is now known: an update without email is an update of the same Fullscript patient
        JsonNode updated = answer(send(upsert(surviving, "Ada", "King", null)));
        assertThat(updated.at("/data/matchedBy").asText()).isEqualTo("xref");
        assertThat(updated.at("/data/fullscriptPatientId").asText()).isEqualTo(fullscriptId);
    }

    @Test
    void bothIdsLinkedToDifferentFullscriptPatientsGoToReviewAndTheAdminDecides() throws Exception {
        String prior = "PRIOR-" + UUID.randomUUID();
        String surviving = "SURV-" + UUID.randomUUID();
        String priorFullscriptId = link(prior, "Grace", "Hopper");
        String survivingFullscriptId = link(surviving, "Grace", "Hopper");
        assertThat(priorFullscriptId).isNotEqualTo(survivingFullscriptId);

        String messageId = send(a40(surviving, prior));
        JsonNode review = answer(messageId);
        assertThat(review.path("type").asText()).isEqualTo("patient.review_required");
        assertThat(review.at("/data/reason").asText()).isEqualTo("merge_conflict");
        assertThat(review.at("/data/candidateCount").asInt()).isEqualTo(2);
        assertThat(xrefs.findByTenantAndEhrPatientId("demo", prior)).as("the EHR no longer sends the prior id").isEmpty();

        // the admin picks the prior id's Fullscript patient: the surviving id is linked to it from now on
        Http http = new Http(port);
        long reviewId = review.at("/data/reviewId").asLong();
        var resolved = http.admin("POST", "/api/admin/reviews/" + reviewId + "/resolve", "{\"fullscriptPatientId\":\"" + priorFullscriptId + "\"}",
                "test-admin", "test-admin-password");
        assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
        Message linked = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "' and type = 'patient.linked'", 20_000);
        assertThat(linked).isNotNull();
        assertThat(xrefs.findByTenantAndEhrPatientIdAndClinicId("demo", surviving, SimulatorSeed.CLINIC_1_ID))
                .hasValueSatisfying(x -> assertThat(x.getFullscriptPatientId()).isEqualTo(priorFullscriptId));
    }

    private String link(String mrn, String first, String last) throws Exception {
        JsonNode linked = answer(send(upsert(mrn, first, last, mrn.toLowerCase() + "@example.com")));
        assertThat(linked.at("/data/matchedBy").asText()).isEqualTo("created");
        return linked.at("/data/fullscriptPatientId").asText();
    }

    private static String a40(String surviving, String prior) throws Exception {
        String raw = Files.readString(Path.of("src/test/resources/samples/hl7/26-lfh-a40-v26-mrg.hl7"), StandardCharsets.UTF_8);
        String replaced = raw.replace("|MR1^^^XYZ^MR|", "|" + surviving + "^^^XYZ^MR|").replace("|MR2^^^XYZ", "|" + prior + "^^^XYZ");
        assertThat(replaced).contains(surviving).contains(prior);
        return replaced;
    }

    private String send(String body) throws Exception {
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", body, Map.of("ehrUserId", "dr-bennett", "messageId", messageId));
        return messageId;
    }

    private JsonNode answer(String correlationId) throws Exception {
        Message message = ehr.receive("ehr.outbound.demo", "correlationId = '" + correlationId + "'", 20_000);
        assertThat(message).as("answer to %s", correlationId).isNotNull();
        return json.readTree(AmqpClient.text(message));
    }

    private static String upsert(String mrn, String first, String last, String email) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\""
                + (email == null ? "" : ",\"email\":\"" + email + "\"") + "}}";
    }
}

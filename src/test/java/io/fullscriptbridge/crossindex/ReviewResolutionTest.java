package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorState;
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
 * An admin resolving a review item: a choice outside the candidates is refused; "create new" refused by Fullscript
 * (422, e.g. the shared e-mail is taken: Fullscript keeps e-mails unique in a clinic) leaves the item open with
 * Fullscript's reason; a candidate links the EHR patient and finishes the original message; a resolved item cannot be
 * resolved again.
 */
@BridgeIntegrationTest
class ReviewResolutionTest {

    static final String ADMIN = "test-admin";
    static final String ADMIN_PASSWORD = "test-admin-password";
    static final String CREATE = "POST /api/clinic/patients";

    @Autowired BrokerProperties broker;
    @Autowired SimulatorState simulator;
    @Autowired FaultInjector faults;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    AmqpClient ehr;
    Http http;

    @BeforeEach
    void open() throws Exception {
        ehr = AmqpClient.as("demo", broker.resolvedPort());
        http = new Http(port);
    }

    @AfterEach
    void close() throws Exception {
        faults.reset();
        ehr.close();
    }

    @Test
    void aNonCandidateAndAFullscriptRefusalLeaveTheItemOpenACandidateResolvesItOnce() throws Exception {
        // a new family member with the guardian's shared e-mail: three candidates, no guess
        String mrn = "MRN-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", CrossIndexTest.body(mrn, "Sofia", "Rivera", SimulatorSeed.FAMILY_EMAIL, "2015-04-02"),
                Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
        JsonNode review = receive(messageId, "patient.review_required");
        assertThat(review.at("/data/reason").asText()).isEqualTo("shared_email");
        long reviewId = openReviewFor(mrn).path("id").asLong();

        // a Fullscript patient that is not one of the candidates
        var notACandidate = resolve(reviewId, "{\"fullscriptPatientId\":\"" + SimulatorSeed.PATIENT_PLAIN_ID + "\"}");
        assertThat(notACandidate.statusCode()).isEqualTo(400);
        assertThat(notACandidate.body()).contains("choose one of the candidates");
        assertThat(simulator.patient(SimulatorSeed.PATIENT_PLAIN_ID).orElseThrow().metadataId()).isNotEqualTo("demo:" + mrn);

        // "create new" with the family's e-mail: Fullscript refuses it (e-mails are unique in a clinic); the admin is
        // told Fullscript's reason and the item stays open
        var refused = resolve(reviewId, "{\"createNew\":true}");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Email has already been taken");
        assertThat(openReviewFor(mrn)).as("still open").isNotNull();
        assertThat(inFullscript(mrn)).isZero();

        // the same refusal when Fullscript rejects for its own reasons (fault injected)
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 422, CREATE, null));
        assertThat(resolve(reviewId, "{\"createNew\":true}").statusCode()).isEqualTo(422);
        faults.reset();
        assertThat(openReviewFor(mrn)).as("still open").isNotNull();

        // a candidate chosen: linked, and the original message answered
        var chosen = resolve(reviewId, "{\"fullscriptPatientId\":\"" + SimulatorSeed.PATIENT_DEPENDENT_2_ID + "\"}");
        assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(200);
        JsonNode linked = receive(messageId, "patient.linked");
        assertThat(linked.at("/data/ehrPatientId").asText()).isEqualTo(mrn);
        assertThat(linked.at("/data/fullscriptPatientId").asText()).isEqualTo(SimulatorSeed.PATIENT_DEPENDENT_2_ID);
        assertThat(linked.at("/data/matchedBy").asText()).isEqualTo("review");
        assertThat(simulator.patient(SimulatorSeed.PATIENT_DEPENDENT_2_ID).orElseThrow().metadataId()).isEqualTo("demo:" + mrn);
        assertThat(openReviewFor(mrn)).as("resolved items leave the list").isNull();

        // resolving it again changes nothing
        var again = resolve(reviewId, "{\"fullscriptPatientId\":\"" + SimulatorSeed.PATIENT_DEPENDENT_1_ID + "\"}");
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("already resolved");
        assertThat(simulator.patient(SimulatorSeed.PATIENT_DEPENDENT_1_ID).orElseThrow().metadataId()).isNotEqualTo("demo:" + mrn);

        // and an unknown item is refused
        assertThat(resolve(Long.MAX_VALUE, "{\"createNew\":true}").statusCode()).isEqualTo(400);
    }

    private long inFullscript(String mrn) {
        return simulator.patients(SimulatorSeed.CLINIC_1_ID).stream().filter(p -> ("demo:" + mrn).equals(p.metadataId())).count();
    }

    private java.net.http.HttpResponse<String> resolve(long reviewId, String body) {
        return http.admin("POST", "/api/admin/reviews/" + reviewId + "/resolve", body, ADMIN, ADMIN_PASSWORD);
    }

    private JsonNode openReviewFor(String mrn) throws Exception {
        JsonNode open = json.readTree(http.admin("GET", "/api/admin/reviews", null, ADMIN, ADMIN_PASSWORD).body());
        for (JsonNode r : open) {
            if (r.path("ehrPatientId").asText().equals(mrn)) {
                return r;
            }
        }
        return null;
    }

    private JsonNode receive(String messageId, String type) throws Exception {
        Message m = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "' and type = '" + type + "'", 20_000);
        assertThat(m).as("%s answering %s", type, messageId).isNotNull();
        return json.readTree(AmqpClient.text(m));
    }
}

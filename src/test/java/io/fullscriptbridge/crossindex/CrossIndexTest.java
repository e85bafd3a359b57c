package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimulatorPortal;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.BrokerQueues;
import io.fullscriptbridge.support.Http;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every match path of the cross-index, with the number of calls Fullscript (the simulator) saw for each:
 * new ≤ 3, changed = 1, unchanged = 0; and the guardian's shared email, which is never guessed.
 */
@BridgeIntegrationTest
class CrossIndexTest {

    static final String ADMIN = "test-admin";
    static final String ADMIN_PASSWORD = "test-admin-password";

    @Autowired BrokerProperties broker;
    @Autowired SimulatorRequestLog requests;
    @Autowired SimulatorState simulator;
    @Autowired PatientXrefRepository xrefs;
    @Autowired SimulatorPortal portal;
    @Autowired ObjectMapper json;
    @Autowired io.fullscriptbridge.ops.JournalRepository journal;
    @Autowired org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ artemis;
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
        ehr.close();
    }

    @Test
    void aNewPatientCostsThreeCallsAChangedOneOneAndAnUnchangedOneNone() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String email = mrn.toLowerCase() + "@example.com";

        // only this patient's requests count (path, query or body mention its ids), whatever else the suite does
        JsonNode created = upsert(mrn, "Barbara", "McClintock", email, "1952-06-16");
        assertThat(created.at("/data/matchedBy").asText()).isEqualTo("created");
        String fullscriptId = created.at("/data/fullscriptPatientId").asText();
        assertThat(requests.entries(e -> e.mentions(mrn) || e.mentions(email) || e.mentions(fullscriptId)))
                .as("metadata find + email search + create").extracting(SimulatorRequestLog.Entry::endpointKey)
                .containsExactlyInAnyOrder("GET /api/clinic/metadata", "GET /api/clinic/search/patients", "POST /api/clinic/patients");
        assertThat(simulator.patient(fullscriptId)).hasValueSatisfying(p -> assertThat(p.welcomeEmailSent()).isFalse());

        long before = requests.countMentioning(mrn, email, fullscriptId);
        assertThat(upsert(mrn, "Barbara", "McClintock", email, "1952-06-16").at("/data/matchedBy").asText()).isEqualTo("xref");
        assertThat(requests.countMentioning(mrn, email, fullscriptId) - before).as("unchanged").isZero();

        upsert(mrn, "Barbara", "McClintock-Shaw", email, "1952-06-16");
        assertThat(requests.countMentioning(mrn, email, fullscriptId) - before).as("changed").isEqualTo(1);
        assertThat(requests.entries(e -> e.mentions(fullscriptId) && e.endpointKey().equals("PATCH /api/clinic/patients/{id}"))).hasSize(1);
        SimPatient patient = simulator.patient(fullscriptId).orElseThrow();
        assertThat(patient.lastName()).isEqualTo("McClintock-Shaw");
        assertThat(patient.firstName()).isEqualTo("Barbara");
        assertThat(patient.metadataId()).isEqualTo("demo:" + mrn);

        // the cross-index kept what it sent: the changed patient sent again is unchanged
        long afterChange = requests.countMentioning(mrn, email, fullscriptId);
        assertThat(upsert(mrn, "Barbara", "McClintock-Shaw", email, "1952-06-16").at("/data/matchedBy").asText()).isEqualTo("xref");
        assertThat(requests.countMentioning(mrn, email, fullscriptId) - afterChange).as("the change sent again").isZero();
    }

    @Test
    void aPatientAlreadyCarryingOurIdInFullscriptIsFoundByMetadata() throws Exception {
        JsonNode linked = upsert(SimulatorSeed.PATIENT_WITH_METADATA_EHR_ID, "Noor", "Haddad",
                SimulatorSeed.PATIENT_WITH_METADATA_EMAIL, null);
        assertThat(linked.at("/data/matchedBy").asText()).isEqualTo("metadata");
        assertThat(linked.at("/data/fullscriptPatientId").asText()).isEqualTo(SimulatorSeed.PATIENT_WITH_METADATA_ID);
    }

    @Test
    void oneCleanEmailCandidateGetsOurIdInItsMetadata() throws Exception {
        SimPatient seeded = simulator.patient(SimulatorSeed.PATIENT_PLAIN_ID).orElseThrow();
        String mrn = "MRN-" + UUID.randomUUID();
        JsonNode linked = upsert(mrn, seeded.firstName(), seeded.lastName(), seeded.email().toUpperCase(), str(seeded.dateOfBirth()));

        assertThat(linked.at("/data/matchedBy").asText()).isEqualTo("email");
        assertThat(linked.at("/data/fullscriptPatientId").asText()).isEqualTo(SimulatorSeed.PATIENT_PLAIN_ID);
        assertThat(simulator.patient(SimulatorSeed.PATIENT_PLAIN_ID).orElseThrow().metadataId()).isEqualTo("demo:" + mrn);
        assertThat(creates(mrn)).as("nobody created").isZero();
    }

    @Test
    void theGuardiansSharedEmailIsNeverGuessedAndAnAdminLinksEachFamilyMember() throws Exception {
        List<String> family = List.of(SimulatorSeed.PATIENT_GUARDIAN_ID, SimulatorSeed.PATIENT_DEPENDENT_1_ID, SimulatorSeed.PATIENT_DEPENDENT_2_ID);
        Map<String, String> ehrIdOf = new HashMap<>();
        for (String fullscriptId : family) {
            SimPatient member = simulator.patient(fullscriptId).orElseThrow();
            String mrn = "MRN-" + UUID.randomUUID();
            ehrIdOf.put(fullscriptId, mrn);
            JsonNode answer = upsert(mrn, member.firstName(), member.lastName(), SimulatorSeed.FAMILY_EMAIL, str(member.dateOfBirth()));
            assertThat(answer.path("type").asText()).isEqualTo("patient.review_required");
            assertThat(answer.at("/data/reason").asText()).isEqualTo("shared_email");
            assertThat(answer.at("/data/candidateCount").asInt()).isEqualTo(3);
            assertThat(xrefs.findByTenantAndEhrPatientIdAndClinicId("demo", mrn, SimulatorSeed.CLINIC_1_ID)).isEmpty();
        }
        ehrIdOf.values().forEach(mrn -> assertThat(creates(mrn)).as("nobody created for %s", mrn).isZero());
        family.forEach(id -> assertThat(simulator.patient(id).orElseThrow().metadataId()).isNull());

        // the admin sees three open reviews (ids and reasons, no demographics) and picks the right person for each
        JsonNode open = json.readTree(http.admin("GET", "/api/admin/reviews", null, ADMIN, ADMIN_PASSWORD).body());
        assertThat(open.toString()).doesNotContain(SimulatorSeed.FAMILY_EMAIL);
        for (String fullscriptId : family) {
            String mrn = ehrIdOf.get(fullscriptId);
            JsonNode review = null;
            for (JsonNode r : open) {
                if (r.path("ehrPatientId").asText().equals(mrn)) {
                    review = r;
                }
            }
            assertThat(review).as("review for %s", mrn).isNotNull();
            var resolved = http.admin("POST", "/api/admin/reviews/" + review.path("id").asLong() + "/resolve",
                    "{\"fullscriptPatientId\":\"" + fullscriptId + "\"}", ADMIN, ADMIN_PASSWORD);
            assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
            Message linked = ehr.receive("ehr.outbound.demo", "correlationId = '" + review.path("messageId").asText() + "' and type = 'patient.linked'", 10_000);
            assertThat(linked).isNotNull();
            assertThat(json.readTree(AmqpClient.text(linked)).at("/data/matchedBy").asText()).isEqualTo("review");
            assertThat(simulator.patient(fullscriptId).orElseThrow().metadataId()).isEqualTo("demo:" + mrn);
        }
        // from now on each family member is its own, known patient: no call at all
        String[] ours = java.util.stream.Stream.concat(ehrIdOf.keySet().stream(), ehrIdOf.values().stream()).toArray(String[]::new);
        long before = requests.countMentioning(ours);
        for (String fullscriptId : family) {
            SimPatient member = simulator.patient(fullscriptId).orElseThrow();
            JsonNode again = upsert(ehrIdOf.get(fullscriptId), member.firstName(), member.lastName(), SimulatorSeed.FAMILY_EMAIL, str(member.dateOfBirth()));
            assertThat(again.at("/data/fullscriptPatientId").asText()).isEqualTo(fullscriptId);
        }
        assertThat(requests.countMentioning(ours)).isEqualTo(before);
    }

    @Test
    void aSingleCandidateWithAnotherBirthDateGoesToReview() throws Exception {
        SimPatient seeded = simulator.patient(SimulatorSeed.CLINIC_2_PATIENT_ID).orElseThrow();
        // dr-shah acts in clinic 2 when the message says so
        String mrn = "MRN-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", body(mrn, seeded.firstName(), seeded.lastName(), seeded.email(), "1901-01-01"),
                Map.of("tenant", "demo", "ehrUserId", "dr-shah", "clinicId", SimulatorSeed.CLINIC_2_ID, "messageId", messageId));
        JsonNode answer = receive(messageId);
        assertThat(answer.path("type").asText()).isEqualTo("patient.review_required");
        assertThat(answer.at("/data/reason").asText()).isEqualTo("date_of_birth_conflict");
        assertThat(simulator.patient(SimulatorSeed.CLINIC_2_PATIENT_ID).orElseThrow().metadataId()).isNotEqualTo(mrn);
    }

    @Test
    void aMetadataMatchGetsTheEmailMatchsChecks() throws Exception {
        // a Fullscript patient carrying our id for this EHR patient, but another last name: not linked blindly
        String mrn = "MRN-" + UUID.randomUUID();
        String carrying = portal.createPatient(SimulatorSeed.CLINIC_1_ID, Map.of("first_name", "Lise", "last_name", "Meitner",
                "email", mrn.toLowerCase() + "@example.com", "metadata", Map.of("id", "demo:" + mrn))).id();
        JsonNode answer = upsert(mrn, "Lise", "Hahn", "other-" + mrn.toLowerCase() + "@example.com", null);
        assertThat(answer.path("type").asText()).isEqualTo("patient.review_required");
        assertThat(answer.at("/data/reason").asText()).isEqualTo("last_name_conflict");
        assertThat(simulator.patient(carrying).orElseThrow().lastName()).as("left as it was").isEqualTo("Meitner");

        // one already cross-indexed for another EHR patient: review too
        String second = "MRN-" + UUID.randomUUID();
        String taken = portal.createPatient(SimulatorSeed.CLINIC_1_ID, Map.of("first_name", "Rosalind", "last_name", "Franklin",
                "email", second.toLowerCase() + "@example.com", "metadata", Map.of("id", "demo:" + second))).id();
        io.fullscriptbridge.support.CrossIndexFixture.hold(xrefs, "other", SimulatorSeed.CLINIC_1_ID, taken);
        JsonNode linkedElsewhere = upsert(second, "Rosalind", "Franklin", second.toLowerCase() + "@example.com", null);
        assertThat(linkedElsewhere.at("/data/reason").asText()).isEqualTo("linked_to_another_ehr_patient");
    }

    @Test
    void oneEhrPatientInTwoClinicsHasTwoCrossIndexEntries() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String body = body(mrn, "Emmy", "Noether", mrn.toLowerCase() + "@example.com", null);
        String[] fullscriptIds = new String[2];
        String[] clinics = {SimulatorSeed.CLINIC_1_ID, SimulatorSeed.CLINIC_2_ID};
        for (int i = 0; i < 2; i++) {
            String messageId = UUID.randomUUID().toString();
            ehr.send("ehr.inbound.demo", body, Map.of("tenant", "demo", "ehrUserId", "dr-shah", "clinicId", clinics[i], "messageId", messageId));
            JsonNode answer = receive(messageId);
            assertThat(answer.at("/data/clinicId").asText()).isEqualTo(clinics[i]);
            assertThat(answer.at("/data/matchedBy").asText()).isEqualTo("created");
            fullscriptIds[i] = answer.at("/data/fullscriptPatientId").asText();
        }
        assertThat(fullscriptIds[0]).isNotEqualTo(fullscriptIds[1]);
        assertThat(xrefs.findByTenantAndEhrPatientIdAndClinicId("demo", mrn, SimulatorSeed.CLINIC_1_ID).orElseThrow().getFullscriptPatientId())
                .isEqualTo(fullscriptIds[0]);
        assertThat(xrefs.findByTenantAndEhrPatientIdAndClinicId("demo", mrn, SimulatorSeed.CLINIC_2_ID).orElseThrow().getFullscriptPatientId())
                .isEqualTo(fullscriptIds[1]);
    }

    @Test
    void aResentMessageHasOneEffect() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        String body = body(mrn, "Lise", "Meitner", mrn.toLowerCase() + "@example.com", null);
        Map<String, String> headers = Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId);
        ehr.send("ehr.inbound.demo", body, headers);
        assertThat(receive(messageId).at("/data/matchedBy").asText()).isEqualTo("created");

        long before = requests.countMentioning(mrn);
        int attempts = journalAttempts(messageId);
        ehr.send("ehr.inbound.demo", body, headers);
        // received again by the first stage (one more attempt), then skipped as a duplicate by the second: through once
        // both stages have nothing in flight (the first stage's copy commits with its consumption)
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> journalAttempts(messageId) == attempts + 1);
        BrokerQueues queues = new BrokerQueues(artemis);
        queues.awaitHandled(BrokerQueues.EHR_INBOUND);
        assertThat(queues.count("ehr.outbound.demo", "correlationId = '" + messageId + "'")).as("no second answer").isZero();
        assertThat(requests.countMentioning(mrn)).isEqualTo(before);
    }

    private int journalAttempts(String messageId) {
        return journal.findByTenantAndDirectionAndMessageId("demo", "inbound", messageId).orElseThrow().getAttempts();
    }

    private long creates(String mrn) {
        return requests.entries(e -> e.endpointKey().equals("POST /api/clinic/patients") && e.mentions(mrn)).size();
    }

    private JsonNode upsert(String mrn, String first, String last, String email, String dob) throws Exception {
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", body(mrn, first, last, email, dob), Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
        return receive(messageId);
    }

    private JsonNode receive(String messageId) throws Exception {
        Message m = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
        assertThat(m).as("answer to %s", messageId).isNotNull();
        return json.readTree(AmqpClient.text(m));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    static String body(String mrn, String first, String last, String email, String dob) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + first + "\",\"lastName\":\"" + last
                + "\",\"email\":\"" + email + "\"" + (dob == null ? "" : ",\"dateOfBirth\":\"" + dob + "\"") + "}}";
    }
}

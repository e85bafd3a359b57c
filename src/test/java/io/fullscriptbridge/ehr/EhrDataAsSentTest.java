package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.crossindex.PatientXrefRepository;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 9, part 1 (decision D45): messages as EHRs really send them, over the broker as the demo tenant's EHR, with the
 * HL7 fixtures of shared/samples. Email is needed only to create a Fullscript patient; an unusable optional field is
 * left out with a warning; every message gets exactly one kind of answer and the route keeps consuming.
 */
@BridgeIntegrationTest
class EhrDataAsSentTest {

    private static final String OUTBOUND = "ehr.outbound.demo";

    @Autowired BrokerProperties broker;
    @Autowired SimulatorRequestLog requests;
    @Autowired SimulatorState simulator;
    @Autowired PatientXrefRepository xrefs;
    @Autowired ObjectMapper json;

    private AmqpClient ehr;

    @BeforeEach
    void connect() throws Exception {
        ehr = AmqpClient.as("demo", broker.resolvedPort());
    }

    @AfterEach
    void disconnect() throws Exception {
        ehr.close();
    }

    @Test
    void anA08WithoutEmailForALinkedPatientUpdatesItWithExactlyOnePatch() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        JsonNode created = answer(send(upsert(mrn, "GIVEN", "MAIDEN", mrn.toLowerCase() + "@example.com", "1938-12-16", null)));
        assertThat(created.at("/data/matchedBy").asText()).isEqualTo("created");
        String fullscriptId = created.at("/data/fullscriptPatientId").asText();
        String ownPatch = "PATCH /api/clinic/patients/" + fullscriptId;
        long patchesBefore = requests.countPath(ownPatch);

        // sample 14: ADT^A08 v2.3, no email, SURNAME^GIVEN, born 19381216, F; only PID-3 is this test's own id
        String a08 = sample("hl7/14-hapi-a08-v23-au-null-values.hl7").replace("|708010^^^MRN^MR|", "|" + mrn + "^^^MRN^MR|");
        JsonNode updated = answer(send(a08));

        assertThat(updated.path("type").asText()).isEqualTo("patient.linked");
        assertThat(updated.at("/data/matchedBy").asText()).isEqualTo("xref");
        assertThat(updated.at("/data/fullscriptPatientId").asText()).isEqualTo(fullscriptId);
        assertThat(requests.countPath(ownPatch) - patchesBefore).as("one PATCH of the changed fields").isEqualTo(1);
        SimPatient patient = simulator.patient(fullscriptId).orElseThrow();
        assertThat(patient.lastName()).isEqualTo("SURNAME");
        assertThat(patient.email()).as("Fullscript keeps the email it has").isEqualTo(mrn.toLowerCase() + "@example.com");
        // the eight-digit PID-13 number is no phone number: left out, and said so without its value
        assertThat(updated.at("/data/warnings").toString()).isEqualTo("[{\"field\":\"mobile\",\"reason\":\"not_a_phone_number\"}]")
                .doesNotContain("12345678");
    }

    @Test
    void aNewPatientWithoutEmailIsNotLinkedUntilAMessageWithAnEmailCreatesIt() throws Exception {
        String mrn = "EPIC-" + UUID.randomUUID();
        long creates = requests.count("POST /api/clinic/patients");
        // sample 07: the Epic ADT^A04, no email
        String a04 = sample("hl7/07-nodengine-a04-v25-epic-no-evn.hl7").replace("|0493575^^^2^ID 1|454721|", "|0493575^^^2^ID 1|" + mrn + "|");
        assertThat(a04).contains(mrn);
        String messageId = send(a04);

        JsonNode notLinked = answer(messageId);
        assertThat(notLinked.path("type").asText()).isEqualTo("patient.not_linked");
        assertThat(notLinked.at("/data/reason").asText()).isEqualTo("email_required");
        assertThat(notLinked.at("/data/ehrPatientId").asText()).isEqualTo(mrn);
        assertThat(notLinked.toString()).doesNotContain("DOE").doesNotContain("1948");
        assertThat(requests.count("POST /api/clinic/patients")).isEqualTo(creates);
        assertThat(xrefs.findByTenantAndEhrPatientId("demo", mrn)).isEmpty();

        // the next message carries an email: created
        String withEmail = a04.replace("||(216)123-4567|", "||(216)123-4567~^NET^Internet^" + mrn.toLowerCase() + "@example.com|");
        JsonNode linked = answer(send(withEmail));
        assertThat(linked.path("type").asText()).isEqualTo("patient.linked");
        assertThat(linked.at("/data/matchedBy").asText()).isEqualTo("created");
        assertThat(requests.count("POST /api/clinic/patients")).isEqualTo(creates + 1);
    }

    @Test
    void unusableOptionalFieldsAreLeftOutWithWarningsAndThePatientStillSyncs() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        JsonNode linked = answer(send(upsert(mrn, "Ada", "Lovelace", mrn.toLowerCase() + "@example.com", "1985-13-45", "+15555550100")));

        assertThat(linked.path("type").asText()).isEqualTo("patient.linked");
        assertThat(linked.at("/data/matchedBy").asText()).isEqualTo("created");
        assertThat(linked.at("/data/warnings").toString()).isEqualTo(
                "[{\"field\":\"dateOfBirth\",\"reason\":\"not_a_date\"},{\"field\":\"mobile\",\"reason\":\"not_a_phone_number\"}]");
        assertThat(linked.toString()).doesNotContain("5555550100").doesNotContain("1985-13-45");
        SimPatient patient = simulator.patient(linked.at("/data/fullscriptPatientId").asText()).orElseThrow();
        assertThat(patient.mobileNumber()).isNull();
        assertThat(patient.dateOfBirth()).isNull();
        assertThat(patient.lastName()).isEqualTo("Lovelace");
    }

    @Test
    void theReadmesFirstMessageWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("--message '(\\{\"type\":\"patient.upsert\"[^']*)'").matcher(readme);
        assertThat(m.find()).as("the README's first producer command").isTrue();
        // the README's message, with this test's own id and address so that it is a new patient here
        String mrn = "MRN-" + UUID.randomUUID();
        String body = m.group(1).replace("\"MRN-1\"", "\"" + mrn + "\"").replace("ada@example.com", mrn.toLowerCase() + "@example.com");
        assertThat(body).contains(mrn).contains("\"mobile\":\"+12025550143\"");

        JsonNode linked = answer(send(body));
        assertThat(linked.path("type").asText()).isEqualTo("patient.linked");
        assertThat(linked.at("/data/matchedBy").asText()).isEqualTo("created");
        assertThat(linked.at("/data/warnings").size()).as("nothing left out").isZero();
        assertThat(simulator.patient(linked.at("/data/fullscriptPatientId").asText()).orElseThrow().mobileNumber()).isEqualTo("+12025550143");
    }

    @Test
    void everyMessageOfAMixedFeedGetsItsAnswerAndTheRouteKeepsConsuming() throws Exception {
        Map<String, String> expected = new HashMap<>();
        // no email, new patient
        expected.put(send(sample("hl7/01-hapi-a01-v25-zfa-zsegment.hl7").replace("397979797^^^SN^SN", "S1-" + UUID.randomUUID() + "^^^SN^SN")),
                "patient.not_linked");
        // no segment separators: rejected
        expected.put(send(sample("hl7/13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7")), "message.rejected");
        // a merge of ids the bridge never saw
        expected.put(send(sample("hl7/26-lfh-a40-v26-mrg.hl7").replace("MR1^^^XYZ", "S26-" + UUID.randomUUID() + "^^^XYZ")
                .replace("MR2^^^XYZ", "S26P-" + UUID.randomUUID() + "^^^XYZ")), "patient.not_linked");
        // the standard email form, a new patient: created
        String mrn = "S19-" + UUID.randomUUID();
        expected.put(send(sample("hl7/19-issue-hapi125-a31-v251-email-linebreak-in-name-malformed.hl7").replace("0000^^^KINGS^MRN", mrn + "^^^KINGS^MRN")
                .replace("TEST@TEST.COM", mrn.toLowerCase() + "@example.com")), "patient.linked");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(answer(e.getKey()).path("type").asText()).as(e.getValue()).isEqualTo(e.getValue());
        }
    }

    private String send(String body) throws Exception {
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", body, Map.of("ehrUserId", "dr-bennett", "messageId", messageId));
        return messageId;
    }

    private JsonNode answer(String correlationId) throws Exception {
        Message message = ehr.receive(OUTBOUND, "correlationId = '" + correlationId + "'", 20_000);
        assertThat(message).as("answer to %s", correlationId).isNotNull();
        return json.readTree(AmqpClient.text(message));
    }

    static String sample(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/samples", name), StandardCharsets.UTF_8);
    }

    private static String upsert(String mrn, String first, String last, String email, String dateOfBirth, String mobile) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\""
                + (email == null ? "" : ",\"email\":\"" + email + "\"")
                + (dateOfBirth == null ? "" : ",\"dateOfBirth\":\"" + dateOfBirth + "\"")
                + ",\"gender\":\"female\""
                + (mobile == null ? "" : ",\"mobile\":\"" + mobile + "\"") + "}}";
    }
}

package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Several hundred inputs a careless or hostile EHR can send, generated and hand-written: truncated and deeply nested
 * JSON, wrong types, HL7 garbage, FHIR that is not one patient, bodies at and over the size limit, unicode that is
 * not text, missing properties. Each one ends with a clear reason: the sender gets {@code message.rejected} with an
 * error code (and never a value from its body), the body lands on {@code ehr.inbound.invalid}, and the route keeps
 * consuming: a good message sent after all of them is linked.
 */
@BridgeIntegrationTest
class MalformedInputCorpusTest {

    /** Stands in every case's demographics: no answer may repeat it. */
    private static final String MARKER = "Zebulonmarker";

    @Autowired BrokerProperties broker;
    @Autowired ObjectMapper json;
    @Value("${bridge.inbound.max-body-bytes}") int maxBodyBytes;

    @Test
    void everyMalformedMessageIsRejectedWithAReasonAndTheRouteKeepsConsuming() throws Exception {
        Map<String, Case> cases = corpus();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(200);

        // all sent through one producer, all answers read through one consumer: one link each, not one per message
        List<AmqpClient.Outgoing> outgoing = new ArrayList<>();
        for (Map.Entry<String, Case> c : cases.entrySet()) {
            Map<String, String> properties = new HashMap<>(c.getValue().properties());
            properties.put("messageId", c.getKey());
            outgoing.add(new AmqpClient.Outgoing(c.getValue().body(), properties));
        }
        String good = "corpus-good-" + UUID.randomUUID();
        outgoing.add(new AmqpClient.Outgoing("{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + good + "\",\"firstName\":\"Ada\","
                + "\"lastName\":\"Lovelace\",\"email\":\"" + good + "@example.com\"}}", Map.of("ehrUserId", "dr-bennett", "messageId", good)));

        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            demo.sendAll("ehr.inbound.demo", outgoing);

            Map<String, JsonNode> answers = new LinkedHashMap<>();
            try (MessageConsumer outbound = demo.consumer("ehr.outbound.demo", null)) {
                long deadline = System.currentTimeMillis() + 180_000;
                while ((answers.size() < cases.size() || !answers.containsKey(good)) && System.currentTimeMillis() < deadline) {
                    Message m = outbound.receive(500);
                    if (m == null) {
                        continue;
                    }
                    JsonNode answer = json.readTree(AmqpClient.text(m));
                    String id = answer.path("correlationId").asText();
                    if (cases.containsKey(id) || id.equals(good)) {
                        assertThat(answers.put(id, answer)).as("one answer for %s", id).isNull();
                    }
                }
            }

            for (Map.Entry<String, Case> c : cases.entrySet()) {
                JsonNode answer = answers.get(c.getKey());
                assertThat(answer).as("an answer to case %s", c.getValue().name()).isNotNull();
                assertThat(answer.path("type").asText()).as("case %s: %s", c.getValue().name(), answer).isEqualTo("message.rejected");
                assertThat(answer.at("/data/errorCode").asText()).as("case %s has an error code", c.getValue().name()).isNotBlank();
                assertThat(answer.at("/data/errorMessage").asText()).as("case %s says why", c.getValue().name()).isNotBlank();
                assertThat(answer.toString()).as("case %s answer carries nothing of its body", c.getValue().name()).doesNotContain(MARKER);
            }
            assertThat(answers.get(good)).as("a good message after the corpus").isNotNull();
            assertThat(answers.get(good).path("type").asText()).isEqualTo("patient.linked");
        }

        // the bodies are kept for the bridge and its admins, with their reason: each case's once (every answer above
        // was sent, so its body is already there)
        try (AmqpClient bridge = AmqpClient.as("bridge", broker.resolvedPort());
             MessageConsumer invalid = bridge.consumer("ehr.inbound.invalid", "messageId LIKE 'corpus-%'")) {
            List<String> kept = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 30_000;
            while (kept.size() < cases.size() && System.currentTimeMillis() < deadline) {
                Message m = invalid.receive(500);
                if (m != null) {
                    assertThat(m.getStringProperty("errorCode")).isNotBlank();
                    kept.add(m.getStringProperty("messageId"));
                }
            }
            assertThat(invalid.receive(200)).as("no body kept twice").isNull();
            assertThat(kept).as("bodies kept on ehr.inbound.invalid").containsExactlyInAnyOrderElementsOf(cases.keySet());
        }
    }

    record Case(String name, String body, Map<String, String> properties) {
    }

    private Map<String, Case> corpus() {
        Map<String, Case> cases = new LinkedHashMap<>();
        Map<String, String> user = Map.of("ehrUserId", "dr-bennett");
        String valid = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"MRN-" + MARKER + "\",\"firstName\":\"" + MARKER
                + "\",\"lastName\":\"" + MARKER + "\",\"email\":\"" + MARKER.toLowerCase() + "@example.com\",\"dateOfBirth\":\"1985-12-10\"}}";

        // JSON cut short at every few characters
        for (int cut = 1; cut < valid.length() - 1; cut += 2) {
            add(cases, "json truncated at " + cut, valid.substring(0, cut), user);
        }
        // nested deeper than any parser should follow
        for (int depth : new int[] {100, 1_000, 10_000, 50_000}) {
            add(cases, "json nested " + depth, "[".repeat(depth) + "]".repeat(depth), user);
            add(cases, "object nested " + depth, "{\"type\":\"patient.upsert\",\"patient\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}", user);
        }
        // wrong types in every field of the canonical message
        List<String> wrongValues = List.of("123", "true", "null", "[]", "{}", "[\"" + MARKER + "\"]", "{\"x\":\"" + MARKER + "\"}", "1.5e308");
        for (String field : List.of("id", "firstName", "lastName")) {
            for (String v : wrongValues) {
                if (field.equals("id") && v.equals("123")) {
                    continue; // a numeric MRN is an id
                }
                add(cases, "patient." + field + " = " + v, valid.replace("\"" + valueOf(field) + "\"", v), user);
            }
        }
        for (String v : List.of("123", "true", "\"" + MARKER + "\"", "[]", "null")) {
            add(cases, "patient = " + v, "{\"type\":\"patient.upsert\",\"patient\":" + v + "}", user);
        }
        for (String v : List.of("123", "null", "\"patient.delete\"", "\"\"", "[\"patient.upsert\"]", "\"PATIENT.UPSERT \"")) {
            add(cases, "type = " + v, valid.replace("\"patient.upsert\"", v), user);
        }
        // not a canonical message at all
        for (String body : List.of("{}", "[]", "null", "true", "42", "\"" + MARKER + "\"", "{\"patient\":{}}", "{\"type\":\"patient.upsert\"}",
                "{\"type\":\"patient.upsert\",\"patient\":{}}", "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"\",\"firstName\":\"\",\"lastName\":\"\"}}",
                "{\"type\":\"treatment_plan.link\"}", " ", "\uFEFF", "\u0000\u0000\u0000", "<xml>" + MARKER + "</xml>", "--" + MARKER + "--",
                "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"MRN-1\"}} trailing " + MARKER,
                "{\"type\":\"patient.upsert\",\"type\":\"patient.upsert\",\"patient\":{\"id\":\"MRN-1\",\"id\":\"MRN-2\"}}")) {
            add(cases, "not a message: " + shorten(body), body, user);
        }
        // text that is not text: lone surrogates, NUL and control characters in the identity
        for (String bad : List.of("\\ud800", "\\udfff", "\\u0000", "\\u0007", "\\u001b[31m")) {
            add(cases, "id with " + bad, valid.replace("MRN-" + MARKER, "MRN-" + bad + MARKER), user);
        }
        // HL7 v2 garbage
        String msh = "MSH|^~\\&|EHR|FAC|BRIDGE|FAC|20240101120000||ADT^A08|" + MARKER + "|P|2.5.1\r";
        String pid = "PID|1||" + MARKER + "^^^EHR^MR||" + MARKER + "^" + MARKER + "||19851210|F\r";
        add(cases, "hl7 MSH only", msh, user);
        add(cases, "hl7 ORU", msh.replace("ADT^A08", "ORU^R01") + pid, user);
        for (String event : List.of("A03", "A11", "A99", "", "^^")) {
            add(cases, "hl7 ADT event " + event, msh.replace("ADT^A08", "ADT^" + event) + pid, user);
        }
        add(cases, "hl7 no PID", msh + "EVN|A08|20240101\r", user);
        add(cases, "hl7 PID without id", msh + "PID|1||||" + MARKER + "^" + MARKER + "\r", user);
        add(cases, "hl7 PID without names", msh + "PID|1||" + MARKER + "^^^EHR^MR\r", user);
        // (another field separator is legal HL7: MSH-1 names it, so that is no malformed case)
        add(cases, "hl7 segments run together", (msh + pid).replace("\r", ""), user);
        add(cases, "hl7 binary after MSH", msh + new String(new char[] {0, 1, 2, 3, 0xFFFF, 0xFFFE}) + pid, user);
        // cut anywhere before the patient's names are complete: a message cut later still names its patient
        String full = msh + pid;
        int namesStart = msh.length() + pid.indexOf("||" + MARKER + "^" + MARKER);
        for (int cut = 5; cut <= namesStart; cut += 5) {
            add(cases, "hl7 truncated at " + cut, full.substring(0, cut), user);
        }
        // FHIR that is not one usable Patient
        add(cases, "fhir Observation", "{\"resourceType\":\"Observation\",\"id\":\"" + MARKER + "\"}", user);
        add(cases, "fhir empty Bundle", "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}", user);
        String patient = "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"" + MARKER + "\"}],\"name\":[{\"family\":\"" + MARKER + "\",\"given\":[\"" + MARKER + "\"]}]}";
        add(cases, "fhir Bundle with two Patients", "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":" + patient + "},{\"resource\":" + patient + "}]}", user);
        add(cases, "fhir Patient without identifier", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + MARKER + "\"}]}", user);
        add(cases, "fhir Patient without name", "{\"resourceType\":\"Patient\",\"identifier\":[{\"value\":\"" + MARKER + "\"}]}", user);
        add(cases, "fhir resourceType number", "{\"resourceType\":7}", user);
        // random bytes, as text
        Random random = new Random(7);
        for (int i = 0; i < 25; i++) {
            byte[] bytes = new byte[1 + random.nextInt(400)];
            random.nextBytes(bytes);
            add(cases, "random bytes " + i, new String(bytes, StandardCharsets.ISO_8859_1) + MARKER, user);
        }
        // at and over the size limit
        add(cases, "one byte over the limit", valid.substring(0, valid.length() - 2) + ",\"pad\":\"" + "x".repeat(maxBodyBytes - valid.length() - 7) + "\"}}", user);
        add(cases, "far over the limit", "x".repeat(maxBodyBytes * 3), user);
        add(cases, "exactly the limit, not a message", "y".repeat(maxBodyBytes), user);
        // missing properties
        add(cases, "no ehrUserId", valid, Map.of());
        add(cases, "blank ehrUserId", valid, Map.of("ehrUserId", "   "));
        add(cases, "another tenant named", valid, Map.of("ehrUserId", "dr-bennett", "tenant", "acme"));
        add(cases, "an unknown tenant named", valid, Map.of("ehrUserId", "dr-bennett", "tenant", "no-such-tenant"));
        return cases;
    }

    private static String valueOf(String field) {
        return switch (field) {
            case "id" -> "MRN-" + MARKER;
            default -> MARKER;
        };
    }

    private static void add(Map<String, Case> cases, String name, String body, Map<String, String> properties) {
        cases.put("corpus-" + UUID.randomUUID(), new Case(name, body, properties));
    }

    private static String shorten(String s) {
        String visible = s.replaceAll("\\p{Cntrl}", "?");
        return visible.length() > 30 ? visible.substring(0, 30) + "…" : visible;
    }

}

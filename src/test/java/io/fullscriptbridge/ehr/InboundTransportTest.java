package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The three formats and both transports end to end: the same patient as canonical JSON, HL7 2.3, 2.4, 2.5.1 and
 * FHIR R4 is one Fullscript patient; HL7 senders get their ACK; bad input of every kind lands on
 * ehr.inbound.invalid with its reason while the route keeps going; the HTTP ingress answers 202/400/401/413.
 */
@BridgeIntegrationTest
class InboundTransportTest {

    @Autowired BrokerProperties broker;
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
    void theSamePatientInEveryFormatIsOneFullscriptPatient() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID().toString().substring(0, 8);
        String email = mrn.toLowerCase() + "@example.com";
        String canonical = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"Ada\",\"lastName\":\"Smith&Jones\","
                + "\"email\":\"" + email + "\",\"dateOfBirth\":\"1985-03-15\",\"gender\":\"female\",\"mobile\":\"+12025550143\"}}";
        JsonNode first = sendAndAwait(canonical, null);
        assertThat(first.at("/data/matchedBy").asText()).isEqualTo("created");
        String fullscriptId = first.at("/data/fullscriptPatientId").asText();

        long before = requests.countMentioning(mrn, email, fullscriptId);
        String[] others = {
                hl7("2.3", "ADT^A01", "\r", mrn, email, false),
                hl7("2.4", "ADT^A08", "\n", mrn, email, true),
                hl7("2.5.1", "ADT^A04^ADT_A01", "\r\n", mrn, email, true),
                fhir(mrn, email)};
        for (String body : others) {
            JsonNode answer = sendAndAwait(body, null);
            assertThat(answer.path("type").asText()).as(body).isEqualTo("patient.linked");
            assertThat(answer.at("/data/fullscriptPatientId").asText()).isEqualTo(fullscriptId);
            assertThat(answer.at("/data/matchedBy").asText()).isEqualTo("xref");
        }
        assertThat(requests.countMentioning(mrn, email, fullscriptId)).as("identical demographics in every format: no call at all")
                .isEqualTo(before);
    }

    @Test
    void anHl7SenderThatAsksGetsItsAckOnItsReplyQueue() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID().toString().substring(0, 8);
        String message = hl7("2.5.1", "ADT^A04^ADT_A01", "\r", mrn, mrn.toLowerCase() + "@example.com", true);
        String controlId = message.split("\\|")[9];
        Message ack = ehr.request("ehr.inbound.demo", message, Map.of("tenant", "demo", "ehrUserId", "dr-bennett"), 20_000);
        assertThat(ack).isNotNull();
        String text = AmqpClient.text(ack);
        assertThat(text).startsWith("MSH|").contains("\rMSA|AA|" + controlId);

        Message nack = ehr.request("ehr.inbound.demo", sample("hl7/13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7"),
                Map.of("tenant", "demo", "ehrUserId", "dr-bennett"), 20_000);
        assertThat(nack).as("the malformed message is refused with an AR").isNotNull();
        assertThat(AmqpClient.text(nack)).contains("MSA|AR|");
    }

    @Test
    void badInputOfEveryKindLandsOnTheInvalidQueueWithItsReason() throws Exception {
        Map<String, String[]> cases = new LinkedHashMap<>();
        cases.put("{\"type\":\"patient.upsert\",", new String[] {"unparseable", "not valid JSON"});
        cases.put(sample("hl7/13-issue-nhapi52-a04-v22-no-segment-separators-malformed.hl7"), new String[] {"unparseable", "segment separators"});
        cases.put(sample("hl7/23-hapi-a03-v25-it-repeating-pid3.hl7"), new String[] {"unsupported_event", "A03"});
        cases.put(sample("hl7/26-lfh-a40-v26-mrg.hl7").replace("ADT^A40^ADT_A39", "ADT^A39^ADT_A39"), new String[] {"unsupported_event", "A39"});
        cases.put(sample("hl7/07-nodengine-a04-v25-epic-no-evn.hl7").replace("|DOE^JOHN^^^^|DOE", "|^^^^^|DOE"),
                new String[] {"validation_failed", "patient.lastName is required"});
        cases.put(sample("fhir/05-r4spec-patient-examples-general-bundle.json"), new String[] {"ambiguous_bundle", "12"});
        cases.put("{\"resourceType\":\"Observation\",\"status\":\"final\"}", new String[] {"unsupported_resource", "Observation"});
        cases.put("just some text", new String[] {"unsupported_format", "neither"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            String messageId = UUID.randomUUID().toString();
            ehr.send("ehr.inbound.demo", c.getKey(), Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
            Message invalid = AmqpClient.receiveAs("bridge", broker.resolvedPort(), "ehr.inbound.invalid", "messageId = '" + messageId + "'", 20_000);
            assertThat(invalid).as("invalid %s", c.getValue()[0]).isNotNull();
            assertThat(invalid.getStringProperty("errorCode")).isEqualTo(c.getValue()[0]);
            assertThat(invalid.getStringProperty("errorMessage")).contains(c.getValue()[1]);
            assertThat(AmqpClient.text(invalid)).isEqualTo(c.getKey());
        }
        // and the flow still works
        String mrn = "MRN-" + UUID.randomUUID();
        assertThat(sendAndAwait("{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"A\",\"lastName\":\"B\",\"email\":\""
                + mrn.toLowerCase() + "@example.com\"}}", null).path("type").asText()).isEqualTo("patient.linked");
    }

    @Test
    void theHttpIngressHasTheSameContract() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String body = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"Chien-Shiung\",\"lastName\":\"Wu\",\"email\":\""
                + mrn.toLowerCase() + "@example.com\"}}";

        HttpResponse<String> accepted = post(body, "test-demo-api-key", "application/json");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String messageId = json.readTree(accepted.body()).path("messageId").asText();
        assertThat(messageId).isNotBlank();
        Message linked = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
        assertThat(linked).isNotNull();
        assertThat(json.readTree(AmqpClient.text(linked)).at("/data/ehrPatientId").asText()).isEqualTo(mrn);

        HttpResponse<String> bad = post("{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"X\"}}", "test-demo-api-key", "application/json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("validation_failed").contains("patient.lastName is required").contains("patient.firstName is required");

        assertThat(post(body, "wrong-key", "application/json").statusCode()).isEqualTo(401);
        assertThat(post(body, null, "application/json").statusCode()).isEqualTo(401);
        assertThat(post("x".repeat(1_048_577), "test-demo-api-key", "text/plain").statusCode()).isEqualTo(413);
    }

    private HttpResponse<String> post(String body, String apiKey, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ehr/messages"))
                .header("Content-Type", contentType)
                .header("X-Bridge-Tenant", "demo")
                .header("X-Bridge-Ehr-User-Id", "dr-bennett")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            b.header("X-Bridge-Api-Key", apiKey);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode sendAndAwait(String body, String messageIdHeader) throws Exception {
        String messageId = messageIdHeader != null ? messageIdHeader : messageIdOf(body);
        Map<String, String> headers = new LinkedHashMap<>(Map.of("tenant", "demo", "ehrUserId", "dr-bennett"));
        headers.put("messageId", messageId);
        ehr.send("ehr.inbound.demo", body, headers);
        Message m = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
        assertThat(m).as("answer to %s", messageId).isNotNull();
        return json.readTree(AmqpClient.text(m));
    }

    private static String messageIdOf(String body) {
        return UUID.randomUUID().toString();
    }

    /** One patient as an ADT in the given version, with escapes, repeating PID-3 and PID-13, no optional segments. */
    static String hl7(String version, String type, String separator, String mrn, String email, boolean withEvn) {
        String controlId = "CTRL" + UUID.randomUUID().toString().substring(0, 8);
        String event = type.split("\\^")[1];
        return String.join(separator,
                "MSH|^~\\&|EPIC|HOSP|BRIDGE|FS|20240101120000||" + type + "|" + controlId + "|P|" + version + "|||AL|NE",
                withEvn ? "EVN|" + event + "|20240101120000" : null,
                "PID|1||" + mrn + "^^^HOSP^MR~999^^^OTHER^PI||Smith\\T\\Jones^Ada^M||19850315|F|||1 Main St^^Town^ST^12345||"
                        + "^NET^Internet^" + email + "~(202)555-0143^PRN^CP")
                .replace(separator + "null", "") + separator;
    }

    static String fhir(String mrn, String email) {
        return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"urn:hosp:mrn\",\"value\":\"" + mrn + "\"},"
                + "{\"system\":\"urn:other\",\"value\":\"999\"}],"
                + "\"name\":[{\"use\":\"official\",\"family\":\"Smith&Jones\",\"given\":[\"Ada\",\"M\"]}],"
                + "\"telecom\":[{\"system\":\"phone\",\"value\":\"(202) 555-0143\",\"use\":\"mobile\"},"
                + "{\"system\":\"phone\",\"value\":\"(202) 555-0199\",\"use\":\"work\"},"
                + "{\"system\":\"email\",\"value\":\"" + email + "\",\"use\":\"home\"}],"
                + "\"gender\":\"female\",\"birthDate\":\"1985-03-15\"}";
    }

    private static String sample(String name) throws Exception {
        return Files.readString(Path.of("src/test/resources/samples", name), StandardCharsets.UTF_8);
    }
}

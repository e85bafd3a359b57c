package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.ops.JournalRepository;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The spine end to end: an EHR publishes a canonical patient.upsert over the broker's network acceptor, the
 * bridge creates the patient in the (simulated) Fullscript clinic with the acting user's token, and the EHR
 * receives patient.linked on its outbound queue.
 */
@BridgeIntegrationTest
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class EhrInboundSpineTest {

    private static final String CREATE = "POST /api/clinic/patients";
    private static final String OUTBOUND = "ehr.outbound.demo";

    @Autowired BrokerProperties broker;
    @Autowired SimulatorRequestLog simulatorRequests;
    @Autowired FaultInjector faults;
    @Autowired JournalRepository journal;
    @Autowired ObjectMapper json;
    @LocalServerPort int httpPort;

    private AmqpClient ehr;

    @BeforeEach
    void connect() throws Exception {
        faults.reset();
        ehr = AmqpClient.as("demo", broker.resolvedPort());
    }

    @AfterEach
    void disconnect() throws Exception {
        faults.reset();
        ehr.close();
    }

    @Test
    void upsertOverAmqpCreatesThePatientInFullscriptAndAnswersPatientLinked(org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();

        String messageId = send(upsert(mrn, "Ada", "Lovelace", "(202) 555-0143"), "dr-bennett");
        JsonNode linked = receiveOutbound(messageId);

        assertThat(linked.path("type").asText()).isEqualTo("patient.linked");
        assertThat(linked.path("tenant").asText()).isEqualTo("demo");
        assertThat(linked.at("/data/ehrPatientId").asText()).isEqualTo(mrn);
        assertThat(linked.at("/data/clinicId").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        assertThat(linked.at("/data/matchedBy").asText()).isEqualTo("created");
        assertThat(creates(mrn)).isEqualTo(1);
        // each Fullscript call is logged with Fullscript's X-Request-Id, the route and the message it was made for
        assertThat(output.getAll()).containsPattern("fullscript call endpoint=\"POST /api/clinic/patients\" status=201 requestId=[0-9a-f-]{36} "
                + ".* route=ehr-patient-sync messageId=" + messageId);

        // the patient exists at Fullscript with our id in its metadata and the phone in +1 form
        JsonNode patient = fullscriptPatient(linked.at("/data/fullscriptPatientId").asText()).path("patient");
        assertThat(patient.path("first_name").asText()).isEqualTo("Ada");
        assertThat(patient.path("email").asText()).isEqualTo(mrn.toLowerCase() + "@example.com");
        assertThat(patient.path("date_of_birth").asText()).isEqualTo("1985-12-10");
        assertThat(patient.path("gender").asText()).isEqualTo("female");
        assertThat(patient.path("mobile_number").asText()).isEqualTo("+12025550143");
        assertThat(patient.at("/metadata/id").asText()).as("namespaced by tenant").isEqualTo("demo:" + mrn);

        // the same patient again is found in the cross-index, and not created twice
        String second = send(upsert(mrn, "Ada", "Lovelace", null), "dr-bennett");
        JsonNode again = receiveOutbound(second);
        assertThat(again.at("/data/matchedBy").asText()).isEqualTo("xref");
        assertThat(again.at("/data/fullscriptPatientId").asText()).isEqualTo(linked.at("/data/fullscriptPatientId").asText());
        assertThat(creates(mrn)).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(journal.findByTenantAndDirectionAndMessageId("demo", "inbound", messageId))
                        .hasValueSatisfying(e -> {
                            assertThat(e.getState()).isEqualTo("ANSWERED");
                            assertThat(e.getFormat()).isEqualTo("json");
                        }));
    }

    @Test
    void aPractitionerInTwoClinicsActsInTheClinicTheMessageNames() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", upsert(mrn, "Grace", "Hopper", null), Map.of(
                "tenant", "demo", "ehrUserId", "dr-shah", "messageId", messageId, "clinicId", SimulatorSeed.CLINIC_2_ID));
        JsonNode linked = receiveOutbound(messageId);
        assertThat(linked.at("/data/clinicId").asText()).isEqualTo(SimulatorSeed.CLINIC_2_ID);

        // without clinicId the bridge cannot guess which clinic: a clear error, the message kept
        String ambiguous = send(upsert("MRN-" + UUID.randomUUID(), "Grace", "Hopper", null), "dr-shah");
        Message invalid = AmqpClient.receiveAs("bridge", broker.resolvedPort(), "ehr.inbound.invalid", "messageId = '" + ambiguous + "'", 20_000);
        assertThat(invalid).isNotNull();
        assertThat(invalid.getStringProperty("errorCode")).isEqualTo("clinic_required");
    }

    @Test
    void aStompClientCanPublishToo() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        String body = upsert(mrn, "Mary", "Jackson", null);
        try (Socket socket = new Socket("127.0.0.1", broker.resolvedPort())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:demo\npasscode:test-demo-broker-password\n\n\0".getBytes(StandardCharsets.UTF_8));
            assertThat(in.readLine()).isEqualTo("CONNECTED");
            out.write(("SEND\ndestination:ehr.inbound.demo\ndestination-type:ANYCAST\npersistent:true\ncontent-type:application/json\n"
                    + "tenant:demo\nehrUserId:dr-bennett\nmessageId:" + messageId + "\nreceipt:r1\n\n" + body + "\0")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            String line;
            while ((line = in.readLine()) != null && !line.contains("RECEIPT")) {
                // skip heart-beats and the rest of the CONNECTED frame
            }
            assertThat(line).isEqualTo("RECEIPT");
        }
        assertThat(receiveOutbound(messageId).at("/data/ehrPatientId").asText()).isEqualTo(mrn);
    }

    @Test
    void invalidMessagesGoToTheInvalidQueueWithTheirReasonAndTheRouteKeepsConsuming() throws Exception {
        String garbage = "{\"type\":\"patient.upsert\", \"patient\": {";
        assertInvalid(garbage, Map.of("tenant", "demo", "ehrUserId", "dr-bennett"), "unparseable", "not valid JSON");

        String noName = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"MRN-X\",\"firstName\":\"A\",\"email\":\"a@example.com\"}}";
        assertInvalid(noName, Map.of("tenant", "demo", "ehrUserId", "dr-bennett"), "validation_failed", "patient.lastName is required");

        String valid = upsert("MRN-" + UUID.randomUUID(), "Katherine", "Johnson", null);
        // an EHR's tenant is its broker user's: naming another is refused
        assertInvalid(valid, Map.of("tenant", "nobody", "ehrUserId", "dr-bennett"), "tenant_mismatch", "does not name the tenant");
        // the bridge's own messages on ehr.inbound (HTTP ingress, replays) must name a configured tenant
        try (AmqpClient bridge = AmqpClient.as("bridge", broker.resolvedPort())) {
            assertInvalid(bridge, "ehr.inbound", valid, Map.of("ehrUserId", "dr-bennett"), "tenant_required", "tenant header is required");
            assertInvalid(bridge, "ehr.inbound", valid, Map.of("tenant", "nobody", "ehrUserId", "dr-bennett"), "unknown_tenant", "not configured");
        }
        assertInvalid("{\"type\":\"patient.delete\"}", Map.of("tenant", "demo", "ehrUserId", "dr-bennett"), "unsupported_type", "type must be");

        // after all that the route still links a good message
        String ok = send(valid, "dr-bennett");
        assertThat(receiveOutbound(ok).at("/data/matchedBy").asText()).isEqualTo("created");
        assertThat(journal.findByTenantAndDirectionAndMessageId("demo", "inbound", ok)).isPresent();
    }

    @Test
    void fullscriptRejectingThePatientIsAPoisonMessageWithFullscriptsReason() throws Exception {
        // Fullscript answers 422 to the create: retrying cannot help
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 422, CREATE, null));
        assertInvalid(upsert("MRN-" + UUID.randomUUID(), "Noor", "Haddad", null), Map.of("tenant", "demo", "ehrUserId", "dr-bennett"),
                "fullscript_422", "Fullscript answered 422 to POST /api/clinic/patients");
    }

    @Test
    void aTransientFailureIsRedeliveredAndSucceeds() throws Exception {
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 503, CREATE, null));
        String mrn = "MRN-" + UUID.randomUUID();

        String messageId = send(upsert(mrn, "Dorothy", "Vaughan", null), "dr-bennett");

        assertThat(receiveOutbound(messageId).at("/data/matchedBy").asText()).isEqualTo("created");
        assertThat(creates(mrn)).as("one 503, then the redelivery created it").isEqualTo(2);
    }

    @Test
    void aFailureThatDoesNotClearEndsInTheDeadLetterQueueAfterTheConfiguredAttempts() throws Exception {
        faults.configure(new FaultSettings(null, null, null, 1.0, 503, null, null, CREATE, null));
        String mrn = "MRN-" + UUID.randomUUID();

        String messageId = send(upsert(mrn, "Annie", "Easley", null), "dr-bennett");

        Message dead = AmqpClient.receiveAs("bridge", broker.resolvedPort(), "DLQ.ehr.inbound", "messageId = '" + messageId + "'", 30_000);
        assertThat(dead).as("dead-lettered after max attempts").isNotNull();
        assertThat(AmqpClient.text(dead)).contains("Annie");
        assertThat(creates(mrn)).as("bridge.broker.redelivery.max-attempts=3 in tests").isEqualTo(3);
    }

    private void assertInvalid(String body, Map<String, String> headers, String errorCode, String reason) throws Exception {
        assertInvalid(ehr, "ehr.inbound.demo", body, headers, errorCode, reason);
    }

    private void assertInvalid(AmqpClient sender, String queue, String body, Map<String, String> headers, String errorCode, String reason) throws Exception {
        String messageId = UUID.randomUUID().toString();
        java.util.Map<String, String> props = new java.util.HashMap<>(headers);
        props.put("messageId", messageId);
        sender.send(queue, body, props);
        Message invalid = AmqpClient.receiveAs("bridge", broker.resolvedPort(), "ehr.inbound.invalid", "messageId = '" + messageId + "'", 20_000);
        assertThat(invalid).as("invalid message %s", errorCode).isNotNull();
        assertThat(invalid.getStringProperty("errorCode")).isEqualTo(errorCode);
        assertThat(invalid.getStringProperty("errorMessage")).contains(reason);
        assertThat(AmqpClient.text(invalid)).as("original body kept").isEqualTo(body);
    }

    private String send(String body, String ehrUserId) throws Exception {
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", body, Map.of("tenant", "demo", "ehrUserId", ehrUserId, "messageId", messageId));
        return messageId;
    }

    private JsonNode receiveOutbound(String correlationId) throws Exception {
        Message message = ehr.receive(OUTBOUND, "correlationId = '" + correlationId + "'", 20_000);
        assertThat(message).as("outbound message for %s", correlationId).isNotNull();
        JsonNode body = json.readTree(AmqpClient.text(message));
        assertThat(message.getStringProperty("type")).isEqualTo(body.path("type").asText());
        return body;
    }

    private JsonNode fullscriptPatient(String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/simulator/fullscript/api/clinic/patients/" + id))
                .header("Authorization", "Bearer " + SimulatorSeed.TOKEN_PRACTITIONER_1).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static String upsert(String mrn, String first, String last, String mobile) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + first + "\",\"lastName\":\""
                + last + "\",\"email\":\"" + mrn.toLowerCase() + "@example.com\",\"dateOfBirth\":\"1985-12-10\",\"gender\":\"female\""
                + (mobile == null ? "" : ",\"mobile\":\"" + mobile + "\"") + "}}";
    }

    /** Create requests the simulator received for this EHR patient (its id is the create's metadata.id). */
    private long creates(String mrn) {
        return simulatorRequests.entries(e -> e.endpointKey().equals(CREATE) && e.mentions(mrn)).size();
    }
}

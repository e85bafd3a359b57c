package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** POST /webhooks/fullscript over real HTTP: the handshake, the signature, and the event reaching the EHR. */
@BridgeIntegrationTest
class WebhookEndpointTest {

    @LocalServerPort int port;
    @Autowired BrokerProperties broker;
    @Autowired ObjectMapper json;
    @Autowired ParkedEventRepository parked;
    @Autowired io.fullscriptbridge.crossindex.PatientXrefRepository xrefs;

    @Test
    void theEmptyChallengeCallIsAnsweredWithTheChallengeToken() throws Exception {
        HttpResponse<String> response = post("", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("challenge").asText()).isEqualTo("test-challenge-token");
    }

    @Test
    void theChallengeCallAsAGetIsAnsweredToo() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/webhooks/fullscript")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("challenge").asText()).isEqualTo("test-challenge-token");
    }

    @Test
    void aSignedEventIsAnsweredWithTheChallengeAndReachesEveryTenantOfItsClinic() throws Exception {
        assertSignedEventReachesTheEhr(false);
    }

    @Test
    void theEventPayloadEnvelopeIsAcceptedAsWell() throws Exception {
        assertSignedEventReachesTheEhr(true);
    }

    @Test
    void signedPayloadsWithoutAnEventOrWithoutAClinicAreParkedWithTheirReason() throws Exception {
        long unreadableBefore = parkedWithReason("unreadable_event");
        String unreadable = "{\"something\":{\"id\":\"" + UUID.randomUUID() + "\"}}";
        assertThat(postSigned(unreadable).statusCode()).isEqualTo(200);

        String eventId = UUID.randomUUID().toString();
        String noClinic = "{\"event\":{\"id\":\"" + eventId + "\",\"type\":\"patient.updated\",\"data\":{}}}";
        assertThat(postSigned(noClinic).statusCode()).isEqualTo(200);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> parked.findByEventId(eventId).isPresent());
        assertThat(parked.findByEventId(eventId).orElseThrow().getReason()).isEqualTo("no_clinic_id");
        // one consumer, queue order: the unreadable payload sent first was parked before
        assertThat(parkedWithReason("unreadable_event")).isEqualTo(unreadableBefore + 1);
    }

    private long parkedWithReason(String reason) {
        return parked.findAll().stream().filter(p -> reason.equals(p.getReason())).count();
    }

    private HttpResponse<String> postSigned(String body) throws Exception {
        return post(body, WebhookSignatureVerifier.header("test-webhook-secret-new", Instant.now().getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8)), "application/json");
    }

    private void assertSignedEventReachesTheEhr(boolean eventPayloadEnvelope) throws Exception {
        String eventId = UUID.randomUUID().toString();
        String patientId = UUID.randomUUID().toString();
        // events about a patient go only to tenants holding it (D29): demo holds this one
        String ehrPatientId = io.fullscriptbridge.support.CrossIndexFixture.hold(xrefs, "demo", SimulatorSeed.CLINIC_1_ID, patientId);
        String body = eventPayloadEnvelope
                ? "{\"event_payload\":" + event(eventId, SimulatorSeed.CLINIC_1_ID, patientId) + "}"
                : event(eventId, SimulatorSeed.CLINIC_1_ID, patientId);
        HttpResponse<String> response = post(body, WebhookSignatureVerifier.header("test-webhook-secret-new",
                Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)), "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("test-challenge-token");

        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            Message m = ehr.receive("ehr.outbound.demo", "correlationId = '" + eventId + "'", 20_000);
            assertThat(m).isNotNull();
            assertThat(m.getStringProperty("type")).isEqualTo("fullscript.patient.updated");
            JsonNode out = json.readTree(AmqpClient.text(m));
            assertThat(out.at("/data/clinicId").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
            assertThat(out.at("/data/fullscriptPatientId").asText()).isEqualTo(patientId);
            assertThat(out.at("/data/ehrPatientId").asText()).isEqualTo(ehrPatientId);
        }
    }

    @Test
    void forgedStaleOrUnsignedPayloadsGet401WithoutTheChallenge() throws Exception {
        String body = event(UUID.randomUUID().toString(), SimulatorSeed.CLINIC_1_ID);
        long now = Instant.now().getEpochSecond();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (String header : new String[] {
                null,
                "t=" + now,
                WebhookSignatureVerifier.header("wrong-secret", now, bytes),
                WebhookSignatureVerifier.header("test-webhook-secret-new", now - 3600, bytes),
                WebhookSignatureVerifier.header("test-webhook-secret-new", now + 3600, bytes)}) {
            HttpResponse<String> response = post(body, header, "application/json");
            assertThat(response.statusCode()).as(String.valueOf(header)).isEqualTo(401);
            assertThat(response.body()).doesNotContain("test-challenge-token");
        }
        // a tampered body with the original signature
        HttpResponse<String> tampered = post(body.replace("patient.updated", "patient.created"),
                WebhookSignatureVerifier.header("test-webhook-secret-new", now, bytes), "application/json");
        assertThat(tampered.statusCode()).isEqualTo(401);
    }

    @Test
    void aFormEncodedContentTypeDoesNotBreakTheEndpointAndLargeBodiesGet413() throws Exception {
        String body = event(UUID.randomUUID().toString(), SimulatorSeed.CLINIC_1_ID);
        HttpResponse<String> form = post(body, WebhookSignatureVerifier.header("test-webhook-secret-old",
                Instant.now().getEpochSecond(), body.getBytes(StandardCharsets.UTF_8)), "application/x-www-form-urlencoded");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(post("x".repeat(1_048_577), "t=1,v1=00", "application/json").statusCode()).isEqualTo(413);
    }

    @Test
    void anEventForAClinicNoTenantIsConnectedToIsParkedWithItsReason() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String body = event(eventId, "99999999-0000-4000-8000-000000000000");
        assertThat(post(body, WebhookSignatureVerifier.header("test-webhook-secret-new", Instant.now().getEpochSecond(),
                body.getBytes(StandardCharsets.UTF_8)), "application/json").statusCode()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> parked.findByEventId(eventId).isPresent());
        assertThat(parked.findByEventId(eventId).orElseThrow().getReason()).isEqualTo("unknown_clinic");
        // admins see it, without the payload
        var admin = new io.fullscriptbridge.support.Http(port).admin("GET", "/api/admin/events/parked", null, "test-admin", "test-admin-password");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(admin.body()).contains(eventId).contains("unknown_clinic").doesNotContain(SimulatorSeed.PATIENT_PLAIN_ID);
    }

    private static String event(String id, String clinicId) {
        return event(id, clinicId, SimulatorSeed.PATIENT_PLAIN_ID);
    }

    private static String event(String id, String clinicId, String patientId) {
        return "{\"event\":{\"id\":\"" + id + "\",\"type\":\"patient.updated\",\"created_at\":\"2026-11-26T01:00:00.000Z\","
                + "\"clinic_id\":\"" + clinicId + "\",\"data\":{\"patient\":{\"id\":\"" + patientId + "\"}}}}";
    }

    private HttpResponse<String> post(String body, String signature, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/fullscript"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("Fullscript-Signature", signature);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

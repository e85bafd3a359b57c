package io.fullscriptbridge.simulator;

import static io.fullscriptbridge.simulator.SimulatorHttp.params;
import static io.fullscriptbridge.simulator.SimulatorSeed.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Webhooks to a real local endpoint: challenge handshake, signature, retries, duplicates, order, conditions. */
@SimulatorIntegrationTest
class SimulatorWebhookTest {

    static final String CHALLENGE = "test-challenge-token";
    static final String SECRET = "test-signature-secret";
    static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    SimulatorPortal portal;

    @Autowired
    SimulatorWebhooks webhooks;

    SimulatorHttp http;
    WebhookReceiver receiver;

    @BeforeEach
    void setUp() throws IOException {
        http = new SimulatorHttp(port);
        http.reset();
        receiver = new WebhookReceiver(CHALLENGE);
    }

    @AfterEach
    void tearDown() {
        http.reset(); // cancels whatever is still pending
        receiver.close();
    }

    private JsonNode subscribe(Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("url", receiver.url(), "challengeToken", CHALLENGE,
                "signatureSecret", SECRET, "retryScheduleSeconds", List.of(0.1, 0.2, 0.3, 0.4, 0.5)));
        body.putAll(extra);
        SimulatorHttp.Response response = http.admin("POST", "/webhooks", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private JsonNode deliveries() {
        return http.admin("GET", "/webhooks/deliveries", null).json().get("deliveries");
    }

    private String rename(String patientId, String firstName) {
        portal.updatePatient(patientId, Map.of("first_name", firstName));
        List<String> ids = http.eventIds("/events/patients?order_by=DESC", patientId.equals(CLINIC_2_PATIENT_ID)
                ? TOKEN_PRACTITIONER_2 : TOKEN_PRACTITIONER_1);
        return ids.get(0);
    }

    @Test
    void theEndpointGetsAnEmptyChallengeCallThenTheSignedPayload() throws Exception {
        JsonNode settings = subscribe(Map.of());
        assertThat(settings.get("active").asBoolean()).isTrue();
        assertThat(settings.get("maxAttempts").asInt()).isEqualTo(6);
        assertThat(settings.has("signatureSecret")).isFalse();

        String eventId = rename(PATIENT_PLAIN_ID, "Tommy");

        await().atMost(WAIT).until(() -> receiver.calls.size() == 2);
        WebhookReceiver.Call challenge = receiver.calls.get(0);
        WebhookReceiver.Call payload = receiver.calls.get(1);
        assertThat(challenge.method()).isEqualTo("POST");
        assertThat(challenge.body()).isEmpty();
        assertThat(payload.method()).isEqualTo("POST");
        assertThat(payload.header("Content-Type")).isEqualTo("application/json");

        String signature = payload.header("Fullscript-Signature");
        assertThat(signature).matches("t=\\d+,v1=[0-9a-f]{64}");
        String t = signature.substring(2, signature.indexOf(','));
        String v1 = signature.substring(signature.indexOf("v1=") + 3);
        assertThat(Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t))).isLessThan(60);
        assertThat(MessageDigest.isEqual(hmac(SECRET, t + "." + payload.text()).getBytes(StandardCharsets.UTF_8),
                v1.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(hmac("another-secret", t + "." + payload.text())).isNotEqualTo(v1);
        // the empty challenge call is signed too (over "t.")
        String challengeSignature = challenge.header("Fullscript-Signature");
        String ct = challengeSignature.substring(2, challengeSignature.indexOf(','));
        assertThat(challengeSignature).endsWith("v1=" + hmac(SECRET, ct + "."));

        JsonNode event = SimulatorHttp.JSON.readTree(payload.body()).get("event");
        assertThat(event.get("id").asText()).isEqualTo(eventId);
        assertThat(event.get("type").asText()).isEqualTo("patient.updated");
        assertThat(event.get("clinic_id").asText()).isEqualTo(CLINIC_1_ID);
        assertThat(event.at("/data/patient/first_name").asText()).isEqualTo("Tommy");
        // the webhook carries exactly what the events API returns
        assertThat(event).isEqualTo(http.get("/events/" + eventId, TOKEN_PRACTITIONER_1).json().get("event"));

        await().atMost(WAIT).until(() -> deliveries().get(0).get("delivered").asBoolean());
        JsonNode delivery = deliveries().get(0);
        assertThat(delivery.get("eventId").asText()).isEqualTo(eventId);
        assertThat(delivery.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(1);
        assertThat(SimulatorTreatmentPlanTest.texts(delivery.get("statusCodes"))).containsExactly("200", "200");

        // the deliveries API, for the clinic of the token
        SimulatorHttp.Response api = http.get("/webhooks/deliveries", TOKEN_PRACTITIONER_1);
        assertThat(api.status()).isEqualTo(200);
        JsonNode listed = api.json().get("deliveries").get(0);
        assertThat(listed.get("event_id").asText()).isEqualTo(eventId);
        assertThat(listed.get("event_type").asText()).isEqualTo("patient.updated");
        assertThat(listed.get("successfully_delivered").asBoolean()).isTrue();
        assertThat(listed.get("attempt_count").asInt()).isEqualTo(1);
        assertThat(listed.get("status_code").asInt()).isEqualTo(200);
        assertThat(listed.get("response").asText()).contains(CHALLENGE);
        assertThat(api.json().at("/meta/total_count").asInt()).isEqualTo(1);
        assertThat(http.get("/webhooks/deliveries?successfully_delivered=false", TOKEN_PRACTITIONER_1).json()
                .get("deliveries")).isEmpty();
        assertThat(http.get("/webhooks/deliveries?event_id=" + eventId, TOKEN_PRACTITIONER_1).json()
                .get("deliveries")).hasSize(1);
        assertThat(http.get("/webhooks/deliveries?event_id=other", TOKEN_PRACTITIONER_1).json()
                .get("deliveries")).isEmpty();
        assertThat(http.get("/webhooks/deliveries", TOKEN_PRACTITIONER_2).json().get("deliveries")).isEmpty();
    }

    @Test
    void failedAttemptsAreRetriedOnTheScheduleUntilDelivered() {
        subscribe(Map.of());
        receiver.behaviour = (call, challenges) -> call.isChallenge() && challenges <= 2
                ? new WebhookReceiver.Answer(500, "{\"error\":\"busy\"}") : receiver.ok();

        String eventId = rename(PATIENT_PLAIN_ID, "Retry");

        await().atMost(WAIT).until(() -> receiver.payloads().size() == 1);
        assertThat(receiver.challenges()).hasSize(3);
        // 0.1 s, then 0.2 s between the attempts
        Instant first = receiver.challenges().get(0).at();
        Instant second = receiver.challenges().get(1).at();
        Instant third = receiver.challenges().get(2).at();
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(Duration.between(second, third)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        await().atMost(WAIT).until(() -> deliveries().get(0).get("delivered").asBoolean());
        JsonNode delivery = deliveries().get(0);
        assertThat(delivery.get("eventId").asText()).isEqualTo(eventId);
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(3);
        assertThat(SimulatorTreatmentPlanTest.texts(delivery.get("statusCodes")))
                .containsExactly("500", "500", "200", "200");
        assertThat(delivery.at("/attempts/0/error").asText()).isEqualTo("challenge call: status 500");
        assertThat(delivery.at("/attempts/0/payloadStatus").isNull()).isTrue();
        JsonNode listed = http.get("/webhooks/deliveries", TOKEN_PRACTITIONER_1).json().get("deliveries").get(0);
        assertThat(listed.get("attempt_count").asInt()).isEqualTo(3);
        assertThat(listed.get("successfully_delivered").asBoolean()).isTrue();
    }

    @Test
    void aWrongChallengeAnswerIsAFailureAndDeliveryGivesUpAfterTheLastAttempt() {
        subscribe(Map.of("retryScheduleSeconds", List.of(0.05, 0.05)));
        // attempt 1: wrong token on the challenge; attempt 2: right challenge, but the payload answer lacks it;
        // attempt 3: wrong token again -> failed after 3 attempts
        receiver.behaviour = (call, challenges) -> {
            if (call.isChallenge()) {
                return challenges == 2 ? receiver.ok() : new WebhookReceiver.Answer(200, "{\"challenge\":\"nope\"}");
            }
            return new WebhookReceiver.Answer(200, "{\"received\":true}");
        };

        rename(PATIENT_PLAIN_ID, "Wrong");

        await().atMost(WAIT).until(() -> deliveries().get(0).get("status").asText().equals("FAILED"));
        JsonNode delivery = deliveries().get(0);
        assertThat(delivery.get("delivered").asBoolean()).isFalse();
        assertThat(delivery.get("attemptCount").asInt()).isEqualTo(3);
        assertThat(delivery.at("/attempts/0/error").asText()).isEqualTo("challenge call: wrong challenge token");
        assertThat(delivery.at("/attempts/1/error").asText()).isEqualTo("payload call: no challenge in the answer");
        assertThat(delivery.at("/attempts/1/payloadStatus").asInt()).isEqualTo(200);
        assertThat(delivery.at("/attempts/2/error").asText()).isEqualTo("challenge call: wrong challenge token");
        assertThat(receiver.challenges()).hasSize(3);
        assertThat(receiver.payloads()).hasSize(1);
        assertThat(http.get("/webhooks/deliveries?successfully_delivered=false", TOKEN_PRACTITIONER_1).json()
                .get("deliveries")).hasSize(1);
    }

    @Test
    void redeliveringSendsADuplicate() throws IOException {
        subscribe(Map.of());
        String eventId = rename(PATIENT_PLAIN_ID, "Twice");
        await().atMost(WAIT).until(() -> receiver.payloads().size() == 1);

        SimulatorHttp.Response redelivered = http.admin("POST", "/webhooks/redeliver/" + eventId, null);
        assertThat(redelivered.status()).isEqualTo(202);
        assertThat(redelivered.json().at("/delivery/duplicate").asBoolean()).isTrue();

        await().atMost(WAIT).until(() -> receiver.payloads().size() == 2);
        String first = SimulatorHttp.JSON.readTree(receiver.payloads().get(0).body()).at("/event/id").asText();
        String second = SimulatorHttp.JSON.readTree(receiver.payloads().get(1).body()).at("/event/id").asText();
        assertThat(first).isEqualTo(eventId);
        assertThat(second).isEqualTo(eventId);
        assertThat(receiver.payloads().get(1).text()).isEqualTo(receiver.payloads().get(0).text());
        await().atMost(WAIT).until(() -> webhooks.deliveries(eventId).stream().allMatch(WebhookDelivery::delivered));
        assertThat(webhooks.deliveries(eventId)).hasSize(2);
        assertThat(http.admin("POST", "/webhooks/redeliver/6f1d7a52-3c1e-4e0b-8f59-2c6f3d0b9a77", null).status())
                .isEqualTo(404);
    }

    @Test
    void outOfOrderModeHoldsEventsAndSendsThemReversed() throws IOException {
        subscribe(Map.of("outOfOrderBatch", 3));
        String a = rename(PATIENT_PLAIN_ID, "One");
        String b = rename(PATIENT_PLAIN_ID, "Two");
        assertThat(webhooks.deliveries()).extracting(WebhookDelivery::status)
                .containsOnly(WebhookDelivery.Status.HELD);
        assertThat(receiver.calls).isEmpty();
        String c = rename(PATIENT_PLAIN_ID, "Three");

        await().atMost(WAIT).until(() -> receiver.payloads().size() == 3);
        List<String> received = receiver.payloads().stream().map(p -> {
            try {
                return SimulatorHttp.JSON.readTree(p.body()).at("/event/id").asText();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(received).containsExactly(c, b, a);
    }

    @Test
    void nothingIsSentForAClinicWithoutAValidToken() {
        subscribe(Map.of());
        for (String token : List.of(TOKEN_PRACTITIONER_2, TOKEN_SHARED_PRACTITIONER_CLINIC_2)) {
            assertThat(http.post("/oauth/revoke", null, params("client_id", "sim-client-id",
                    "client_secret", "sim-client-secret", "token", token)).status()).isEqualTo(200);
        }

        portal.updatePatient(CLINIC_2_PATIENT_ID, Map.of("first_name", "Unheard"));
        String clinic1Event = rename(PATIENT_PLAIN_ID, "Heard");

        // clinic 1 still has live tokens: its event arrives; clinic 2's was skipped, before it
        await().atMost(WAIT).until(() -> receiver.payloads().size() == 1);
        assertThat(receiver.payloads().get(0).text()).contains(clinic1Event).doesNotContain("Unheard");
        assertThat(receiver.calls).hasSize(2);
        List<WebhookDelivery> log = webhooks.deliveries();
        assertThat(log).hasSize(2);
        assertThat(log.get(0).clinicId()).isEqualTo(CLINIC_2_ID);
        assertThat(log.get(0).status()).isEqualTo(WebhookDelivery.Status.SKIPPED);
        assertThat(log.get(0).attempts()).isEmpty();
        assertThat(log.get(0).note()).isEqualTo("no valid OAuth token for the clinic");
    }

    @Test
    void aDropRateOfOneSendsNothingAndResetTurnsWebhooksOff() {
        subscribe(Map.of("dropRate", 1.0));
        rename(PATIENT_PLAIN_ID, "Dropped");
        assertThat(webhooks.deliveries()).extracting(WebhookDelivery::status)
                .containsExactly(WebhookDelivery.Status.DROPPED);
        assertThat(http.get("/webhooks/deliveries", TOKEN_PRACTITIONER_1).json().get("deliveries")).isEmpty();

        http.reset();
        JsonNode settings = http.admin("GET", "/webhooks", null).json();
        assertThat(settings.get("url").asText()).isEmpty();
        assertThat(settings.get("active").asBoolean()).isFalse();
        assertThat(settings.get("dropRate").asDouble()).isZero();
        assertThat(webhooks.deliveries()).isEmpty();
        portal.updatePatient(PATIENT_PLAIN_ID, Map.of("first_name", "Quiet"));
        assertThat(webhooks.deliveries()).isEmpty();
        assertThat(receiver.calls).isEmpty();
        assertThat(http.admin("POST", "/webhooks", Map.of("urll", "x")).status()).isEqualTo(400);
        assertThat(http.admin("POST", "/webhooks", Map.of("url", "not a url")).status()).isEqualTo(400);
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }
}

package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.crossindex.PatientXrefRepository;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.BrokerQueues;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The webhook endpoint under a crowd: 500 requests at once, forged, stale, oversize, of the wrong content type, and
 * one valid event delivered many times over (Fullscript retries; an attacker replays). The bad ones are refused with
 * no effect; the valid event reaches the EHR exactly once.
 */
@BridgeIntegrationTest
class WebhookAbuseTest {

    private static final String SECRET = "test-webhook-secret-new";

    @LocalServerPort int port;
    @Autowired BrokerProperties broker;
    @Autowired PatientXrefRepository xrefs;
    @Autowired MeterRegistry meters;
    @Autowired EmbeddedActiveMQ artemis;

    @Test
    void fiveHundredConcurrentRequestsRefuseTheBadAndDeliverTheGoodOnce() throws Exception {
        String eventId = UUID.randomUUID().toString();
        String patientId = UUID.randomUUID().toString();
        io.fullscriptbridge.support.CrossIndexFixture.hold(xrefs, "demo", SimulatorSeed.CLINIC_1_ID, patientId);
        String valid = event(eventId, patientId);
        long now = Instant.now().getEpochSecond();
        String validSignature = WebhookSignatureVerifier.header(SECRET, now, bytes(valid));
        double acceptedBefore = accepted();

        List<Callable<Integer>> calls = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String forgedId = UUID.randomUUID().toString();
            String forged = event(forgedId, patientId);
            switch (i % 10) {
                // the valid event, replayed: Fullscript's retries or an attacker's copies
                case 0, 1 -> add(calls, expected, valid, validSignature, "application/json", 200);
                // signed with a secret we do not have
                case 2 -> add(calls, expected, forged, WebhookSignatureVerifier.header("not-our-secret", now, bytes(forged)), "application/json", 401);
                // a valid signature of another body
                case 3 -> add(calls, expected, forged, validSignature, "application/json", 401);
                // older than the 300 s tolerance
                case 4 -> add(calls, expected, forged, WebhookSignatureVerifier.header(SECRET, now - 3600, bytes(forged)), "application/json", 401);
                // from the future
                case 5 -> add(calls, expected, forged, WebhookSignatureVerifier.header(SECRET, now + 3600, bytes(forged)), "application/json", 401);
                // no signature at all
                case 6 -> add(calls, expected, forged, null, "application/json", 401);
                // garbage in the header
                case 7 -> add(calls, expected, forged, "t=abc,v1=zz", "application/json", 401);
                // over the size limit (1 MiB), signed (ten of them: each is a megabyte to send)
                case 8 -> {
                    if (i % 50 != 8) {
                        add(calls, expected, forged, WebhookSignatureVerifier.header(SECRET, now, bytes(forged + " ")), "application/json", 401);
                        break;
                    }
                    String big = forged.replace("}}}}", "}},\"pad\":\"" + "x".repeat(1_100_000) + "\"}}");
                    add(calls, expected, big, WebhookSignatureVerifier.header(SECRET, now, bytes(big)), "application/json", 413);
                }
                // a form content type with a forged signature: still a clean refusal, never a 500
                default -> add(calls, expected, forged, "t=" + now + ",v1=00", "application/x-www-form-urlencoded", 401);
            }
        }

        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<Integer>> results = pool.invokeAll(calls);
        pool.shutdown();
        for (int i = 0; i < results.size(); i++) {
            assertThat(results.get(i).get()).as("request %d (kind %d)", i, i % 10).isEqualTo(expected.get(i));
        }

        // the valid event: handed to the EHR once, however many copies arrived
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var queue = artemis.getActiveMQServer().locateQueue(SimpleString.of("fullscript.events"));
            return queue == null || queue.getMessageCount() + queue.getDeliveringCount() == 0;
        });
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            assertThat(demo.receive("ehr.outbound.demo", "correlationId = '" + eventId + "'", 10_000)).as("the event").isNotNull();
            assertThat(new BrokerQueues(artemis).count("ehr.outbound.demo", "correlationId = '" + eventId + "'")).as("no second copy").isZero();
        }
        // and nothing of the refused requests went anywhere: only the 100 valid copies were accepted
        assertThat(accepted() - acceptedBefore).isEqualTo(100);
    }

    private double accepted() {
        var counter = meters.find("bridge.webhook.calls").tag("kind", "event").counter();
        return counter == null ? 0 : counter.count();
    }

    private void add(List<Callable<Integer>> calls, List<Integer> expected, String body, String signature, String contentType, int status) {
        calls.add(() -> post(body, signature, contentType));
        expected.add(status);
    }

    private int post(String body, String signature, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/fullscript"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header("Fullscript-Signature", signature);
        }
        b.header("Content-Type", contentType);
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String event(String id, String patientId) {
        return "{\"event\":{\"id\":\"" + id + "\",\"type\":\"patient.updated\",\"created_at\":\"2026-11-26T01:00:00.000Z\","
                + "\"clinic_id\":\"" + SimulatorSeed.CLINIC_1_ID + "\",\"data\":{\"patient\":{\"id\":\"" + patientId + "\"}}}}";
    }
}

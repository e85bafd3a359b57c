package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimEvent;
import io.fullscriptbridge.simulator.SimulatorEvents;
import io.fullscriptbridge.simulator.SimulatorPortal;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorWebhooks;
import io.fullscriptbridge.simulator.WebhookSettings;
import io.fullscriptbridge.oauth.BridgeUrls;
import io.fullscriptbridge.oauth.LaunchLinks;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.BrokerQueues;
import io.fullscriptbridge.support.Http;
import io.fullscriptbridge.support.TestClock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Fullscript's changes back to the EHR: webhook and poll feed one stream; every event reaches each tenant connected
 * to its clinic exactly once, whatever the duplicates and the order.
 */
@BridgeIntegrationTest
class EventsFlowTest {

    @LocalServerPort int port;
    @Autowired BrokerProperties broker;
    @Autowired ObjectMapper json;
    @Autowired SimulatorPortal portal;
    @Autowired SimulatorEvents simulatorEvents;
    @Autowired SimulatorWebhooks webhooks;
    @Autowired EventPoller poller;
    @Autowired PollCursorRepository cursors;
    @Autowired LaunchLinks links;
    @Autowired OAuthAutoApproval autoApproval;
    @Autowired TestClock clock;
    @Autowired org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ artemis;
    @Autowired @Qualifier("eventIdempotentRepository") IdempotentRepository handedOn;

    @Autowired io.fullscriptbridge.crossindex.PatientXrefRepository xrefs;

    AmqpClient ehr;
    WebhookSettings original;
    /** A clinic-1 patient of this test, held by demo (events about a patient reach only the tenants holding it). */
    String patientId;

    @BeforeEach
    void open() throws Exception {
        ehr = AmqpClient.as("demo", broker.resolvedPort());
        original = webhooks.settings();
        patientId = portal.createPatient(SimulatorSeed.CLINIC_1_ID, Map.of("first_name", "Tomas", "last_name", "Eriksen",
                "email", "events-" + System.nanoTime() + "@example.com")).id();
        io.fullscriptbridge.support.CrossIndexFixture.hold(xrefs, "demo", SimulatorSeed.CLINIC_1_ID, patientId);
    }

    @AfterEach
    void close() throws Exception {
        clock.reset();
        webhooks.configure(original);
        autoApproval.clear();
        ehr.close();
    }

    @Test
    void theSameEventsByPollAndByWebhookTwiceEachOutOfOrderGiveOneMessageEach() throws Exception {
        String first = changePatient("Tomas-" + System.nanoTime());
        String second = changePatient("Tomas-" + System.nanoTime());

        // the poll finds both, twice
        poller.pollAll();
        poller.pollAll();
        assertOneMessage("ehr.outbound.demo", first, "fullscript.patient.updated");
        assertOneMessage("ehr.outbound.demo", second, "fullscript.patient.updated");

        // then Fullscript's webhooks arrive, late, reversed and repeated
        webhooks.configure(webhooks.settings().withUrl("http://127.0.0.1:" + port + "/webhooks/fullscript")
                .withSecrets("test-challenge-token", "test-webhook-secret-new").withEnabled(true));
        for (String id : List.of(second, first, second, first)) {
            webhooks.redeliver(id);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> webhooks.deliveries(first).stream().filter(d -> d.delivered()).count() >= 2
                && webhooks.deliveries(second).stream().filter(d -> d.delivered()).count() >= 2);
        // delivered = on fullscript.events; once that queue is empty the consumer has handled every copy
        awaitEventsHandled();
        assertThat(ehr.receive("ehr.outbound.demo", "correlationId = '" + first + "' or correlationId = '" + second + "'", 500))
                .as("no second message for either event").isNull();
    }

    @Test
    void aClinicSharedByTwoTenantsReachesBothAndNobodyElse() throws Exception {
        // tenant "other" connects a user to clinic 1 only
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        String link = links.signedUrl("", BridgeUrls.CONNECT_PATH, new LaunchLinks.Launch("connect", "other", "dr-other-" + System.nanoTime(),
                links.expiresIn(Duration.ofMinutes(5)), null));
        assertThat(new Http(port).browse(link).statusCode()).isEqualTo(200);

        io.fullscriptbridge.support.CrossIndexFixture.hold(xrefs, "other", SimulatorSeed.CLINIC_1_ID, patientId);
        String inClinic1 = changePatient("Shared-" + System.nanoTime());
        poller.pollAll();
        assertOneMessage("ehr.outbound.demo", inClinic1, "fullscript.patient.updated");
        assertOneMessage("ehr.outbound.other", inClinic1, "fullscript.patient.updated");

        // clinic 2: demo has dr-shah there, "other" has nobody
        String clinic2Patient = portal.createPatient(SimulatorSeed.CLINIC_2_ID, Map.of("first_name", "Aiko", "last_name", "Tanaka",
                "email", "events2-" + System.nanoTime() + "@example.com")).id();
        io.fullscriptbridge.support.CrossIndexFixture.hold(xrefs, "demo", SimulatorSeed.CLINIC_2_ID, clinic2Patient);
        String inClinic2 = portal.updatePatient(clinic2Patient, Map.of("first_name", "Aiko" + System.nanoTime())).id();
        String eventId = latestEvent(SimulatorSeed.CLINIC_2_ID, inClinic2).id();
        poller.pollAll();
        assertOneMessage("ehr.outbound.demo", eventId, "fullscript.patient.updated");
        awaitEventsHandled();
        assertThat(new BrokerQueues(artemis).count("ehr.outbound.other", "correlationId = '" + eventId + "'")).as("nobody at clinic 2 for other").isZero();
    }

    @Test
    void theCursorIsReadAndAnEventBeforeItsOverlapIsNotReadAgain() throws Exception {
        // the bridge's date is fixed: yesterday noon (UTC), whenever the test runs; the simulator lists events
        // by their own created_at, which the test sets relative to it
        Instant noon = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).plus(12, ChronoUnit.HOURS);
        LocalDate day = LocalDate.ofInstant(noon, ZoneOffset.UTC);
        clock.set(noon);
        // clinic 1's patients were polled up to that day: the next poll reads from day - 1 (the overlap). Without a
        // cursor it would read from day - 2 (initial look-back 1 + overlap 1), where the older event is.
        cursors.save(new PollCursor(SimulatorSeed.CLINIC_1_ID, "patients", day));
        String beforeOverlap = changePatient("Old-" + System.nanoTime());
        simulatorEvents.backdate(beforeOverlap, noon.minus(2, ChronoUnit.DAYS));
        String recent = changePatient("Cursor-" + System.nanoTime());
        simulatorEvents.backdate(recent, noon);

        poller.pollAll();

        assertOneMessage("ehr.outbound.demo", recent, "fullscript.patient.updated");
        // one consumer hands events on in queue order and the poll enqueues oldest first: once the recent event is
        // recorded as handed on, the older one would have been before it
        await().atMost(Duration.ofSeconds(20)).until(() -> handedOn.contains(recent));
        assertThat(handedOn.contains(beforeOverlap)).as("an event before the cursor's overlap is not read again").isFalse();
        assertThat(cursors.findById(new PollCursor.Key(SimulatorSeed.CLINIC_1_ID, "patients")).orElseThrow().getPolledUntil())
                .isEqualTo(day);
    }

    /**
     * Every event enqueued so far has been handled (none waiting or in delivery on fullscript.events): whatever it
     * sends to an EHR is on the outbound queue by now, so the broker's count tells whether there is more.
     */
    private void awaitEventsHandled() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            var queue = artemis.getActiveMQServer().locateQueue(org.apache.activemq.artemis.api.core.SimpleString.of("fullscript.events"));
            return queue == null || queue.getMessageCount() + queue.getDeliveringCount() == 0;
        });
    }

    private String changePatient(String firstName) {
        portal.updatePatient(patientId, Map.of("first_name", firstName));
        return latestEvent(SimulatorSeed.CLINIC_1_ID, patientId).id();
    }

    private SimEvent latestEvent(String clinicId, String patientId) {
        List<SimEvent> events = simulatorEvents.events(clinicId);
        return events.stream().filter(e -> patientId.equals(e.objectId())).reduce((a, b) -> b).orElseThrow();
    }

    /** Read as the queue's tenant (each tenant's broker user reads only its own ehr.outbound.&lt;tenant&gt;). */
    private void assertOneMessage(String queue, String eventId, String type) throws Exception {
        try (AmqpClient tenant = AmqpClient.as(queue.substring("ehr.outbound.".length()), broker.resolvedPort())) {
            Message m = tenant.receive(queue, "correlationId = '" + eventId + "'", 20_000);
            assertThat(m).as("%s on %s", eventId, queue).isNotNull();
            assertThat(m.getStringProperty("type")).isEqualTo(type);
            JsonNode body = json.readTree(AmqpClient.text(m));
            assertThat(body.at("/data/fullscriptEventId").asText()).isEqualTo(eventId);
            awaitEventsHandled();
            assertThat(new BrokerQueues(artemis).count(queue, "correlationId = '" + eventId + "'")).as("only one").isZero();
        }
    }
}

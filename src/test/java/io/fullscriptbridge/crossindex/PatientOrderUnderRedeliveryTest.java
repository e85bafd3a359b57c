package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.ops.JournalRepository;
import jakarta.jms.Message;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A patient's older message that waits for its redelivery must not be applied after a newer one (D72). Artemis keeps
 * a group on one consumer, and while that consumer lives it holds the group's next message back until the older one's
 * redelivery. When the consumer goes (its node died, or the route was restarted), the group moves to another consumer,
 * and the message scheduled for redelivery is out of the queue: the group's next message is delivered first. Without
 * the ingress-order guard the older update then reaches Fullscript last and wins.
 */
@BridgeIntegrationTest
class PatientOrderUnderRedeliveryTest {

    private static final String PATCH = "PATCH /api/clinic/patients/{id}";

    @Autowired BrokerProperties broker;
    @Autowired EmbeddedActiveMQ artemis;
    @Autowired FaultInjector faults;
    @Autowired SimulatorState simulator;
    @Autowired ObjectMapper json;
    @Autowired JournalRepository journal;
    @Autowired CamelContext camel;

    @Test
    void anOlderUpdateRedeliveredAfterANewerOneIsAnsweredSupersededAndNotApplied() throws Exception {
        String mrn = "ORD-" + UUID.randomUUID();
        String email = mrn.toLowerCase() + "@example.com";
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            String created = send(demo, mrn, email, "Ada");
            assertThat(answer(demo, created).path("type").asText()).isEqualTo("patient.linked");

            // the older update's PATCH fails once (503): its redelivery waits 5 s, long enough for the newer one to pass
            AddressSettings before = redeliveryDelay("ehr.inbound.accepted", 5_000);
            faults.configure(new FaultSettings(null, null, null, null, null, 1, 503, PATCH, null));
            try {
                String older = send(demo, mrn, email, "Older");
                await().atMost(Duration.ofSeconds(30)).until(() -> journal.findByTenantAndDirectionAndMessageId("demo", "inbound", older)
                        .map(e -> e.getErrorCode() != null).orElse(false));
                // the group's consumer goes away while the older message waits for its redelivery; the newer message
                // arrives meanwhile and a new consumer takes the group
                camel.getRouteController().stopRoute("ehr-patient-sync");
                String newer = send(demo, mrn, email, "Newer");
                camel.getRouteController().startRoute("ehr-patient-sync");

                JsonNode newerAnswer = answer(demo, newer);
                assertThat(newerAnswer.path("type").asText()).isEqualTo("patient.linked");
                JsonNode olderAnswer = answer(demo, older);
                assertThat(olderAnswer.path("type").asText()).as("the older update, redelivered after the newer one")
                        .isEqualTo("patient.superseded");
                assertThat(olderAnswer.at("/data/ehrPatientId").asText()).isEqualTo(mrn);
            } finally {
                faults.reset();
                artemis.getActiveMQServer().getAddressSettingsRepository().addMatch("ehr.inbound.accepted", before);
            }
        }
        SimPatient atFullscript = simulator.patients().stream().filter(p -> email.equals(p.email())).findFirst().orElseThrow();
        assertThat(atFullscript.firstName()).as("Fullscript holds the newest version").isEqualTo("Newer");
    }

    /** Sets the queue's redelivery delay; returns the settings it had. */
    private AddressSettings redeliveryDelay(String queue, long millis) {
        var repository = artemis.getActiveMQServer().getAddressSettingsRepository();
        AddressSettings current = repository.getMatch(queue);
        AddressSettings changed = new AddressSettings();
        changed.merge(current);
        changed.setRedeliveryDelay(millis);
        changed.setRedeliveryMultiplier(1.0);
        changed.setMaxRedeliveryDelay(millis);
        repository.addMatch(queue, changed);
        return current;
    }

    private static String send(AmqpClient demo, String mrn, String email, String firstName) throws Exception {
        String messageId = UUID.randomUUID().toString();
        demo.send("ehr.inbound.demo", "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Lovelace\",\"email\":\"" + email + "\"}}", Map.of("ehrUserId", "dr-bennett", "messageId", messageId));
        return messageId;
    }

    private JsonNode answer(AmqpClient demo, String messageId) throws Exception {
        Message[] received = new Message[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> (received[0] = demo.receive("ehr.outbound.demo",
                "correlationId = '" + messageId + "'", 1_000)) != null);
        return json.readTree(AmqpClient.text(received[0]));
    }
}

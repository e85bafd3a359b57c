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
import io.fullscriptbridge.support.SameBrokerMessage;
import jakarta.jms.Message;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A known patient sent again with nothing changed is answered by the first stage, without the per-patient stage's
 * broker hop (D93), and everything the per-patient stage guarantees still holds: a newer message never loses to an
 * older one in flight, an EHR's re-send gets no second answer, and the answer a crash cut is sent after all.
 */
@BridgeIntegrationTest
class UnchangedInFirstStageTest {

    private static final String PATCH = "PATCH /api/clinic/patients/{id}";

    @Autowired BrokerProperties broker;
    @Autowired EmbeddedActiveMQ artemis;
    @Autowired FaultInjector faults;
    @Autowired SimulatorState simulator;
    @Autowired ObjectMapper json;
    @Autowired JdbcTemplate jdbc;

    @Test
    void anUnchangedPatientIsAnsweredWithoutThePerPatientStage() throws Exception {
        String mrn = "FS1-" + UUID.randomUUID();
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            // the answer is committed after its journal row ended: nothing of the patient is in flight now
            assertThat(answer(demo, send(demo, mrn, "Grace")).at("/data/matchedBy").asText()).isEqualTo("created");

            Queue perPatient = artemis.getActiveMQServer().locateQueue("ehr.inbound.accepted");
            long handedOnBefore = perPatient.getMessagesAdded();
            String again = send(demo, mrn, "Grace");
            JsonNode answer = answer(demo, again);
            assertThat(answer.path("type").asText()).isEqualTo("patient.linked");
            assertThat(answer.at("/data/matchedBy").asText()).isEqualTo("xref");
            assertThat(answer.at("/data/ehrPatientId").asText()).isEqualTo(mrn);
            assertThat(state(again)).isEqualTo("UNCHANGED");
            assertThat(perPatient.getMessagesAdded() - handedOnBefore).as("messages handed to the per-patient stage").isZero();
        }
    }

    @Test
    void aNewerUnchangedMessageWaitsForAnOlderChangeStillBeingApplied() throws Exception {
        String mrn = "FS2-" + UUID.randomUUID();
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            answer(demo, send(demo, mrn, "Ada"));
            // the older message changes the name; Fullscript takes 5 s to apply it
            faults.configure(new FaultSettings(5_000L, null, null, null, null, null, null, PATCH, null));
            try {
                String older = send(demo, mrn, "Augusta");
                await().atMost(Duration.ofSeconds(10)).until(() -> "RECEIVED".equals(state(older)));
                // the per-patient stage takes it within milliseconds; well inside its PATCH:
                Thread.sleep(1_500);
                // the newer one sets it back: the cross-index still says "Ada" while the older PATCH runs, so it looks
                // unchanged, but the older change is in flight
                String newer = send(demo, mrn, "Ada");
                assertThat(answer(demo, older).path("type").asText()).isEqualTo("patient.linked");
                JsonNode newerAnswer = answer(demo, newer);
                assertThat(newerAnswer.path("type").asText()).isEqualTo("patient.linked");
            } finally {
                faults.reset();
            }
        }
        SimPatient atFullscript = simulator.patients().stream().filter(p -> email(mrn).equals(p.email())).findFirst().orElseThrow();
        assertThat(atFullscript.firstName()).as("Fullscript holds the newest version").isEqualTo("Ada");
    }

    @Test
    void theSameFirstStageMessageReadAgainIsAnsweredAndAnEhrResendIsNot() throws Exception {
        String mrn = "FS3-" + UUID.randomUUID();
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            answer(demo, send(demo, mrn, "Emmy"));
            String messageId = send(demo, mrn, "Emmy");
            answer(demo, messageId);
            String completedCopy = jdbc.queryForObject("select completed_copy from message_journal where tenant = 'demo'"
                    + " and direction = 'inbound' and message_id = ?", String.class, messageId);
            assertThat(completedCopy).as("the first stage's broker message completed it").startsWith("ID:");

            // the crash, staged: the first stage answered and stored the key, the kill cut the JMS commit with the
            // answer, and the broker's restart lost the delivery count: the same first-stage message comes back as a
            // first delivery. This time the first stage hands it on (it is journalled already).
            SameBrokerMessage.send(broker.resolvedPort(), "ehr.inbound", body(mrn, "Emmy"),
                    Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId), completedCopy);
            JsonNode again = answer(demo, messageId);
            assertThat(again.path("type").asText()).as("the answer the crash cut").isEqualTo("patient.linked");

            // an EHR's re-send is a new broker message: journalled, no second answer
            demo.send("ehr.inbound.demo", body(mrn, "Emmy"), Map.of("ehrUserId", "dr-bennett", "messageId", messageId));
            await().atMost(Duration.ofSeconds(10)).until(() -> attempts(messageId) == 3);
            assertThat(demo.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 3_000)).as("no answer to a re-send").isNull();
        }
    }

    private static String email(String mrn) {
        return mrn.toLowerCase() + "@example.com";
    }

    private static String body(String mrn, String firstName) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Hopper\",\"email\":\"" + email(mrn) + "\"}}";
    }

    private static String send(AmqpClient demo, String mrn, String firstName) throws Exception {
        String messageId = UUID.randomUUID().toString();
        demo.send("ehr.inbound.demo", body(mrn, firstName), Map.of("ehrUserId", "dr-bennett", "messageId", messageId));
        return messageId;
    }

    private String state(String messageId) {
        return jdbc.query("select state from message_journal where tenant = 'demo' and direction = 'inbound' and message_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, messageId);
    }

    private int attempts(String messageId) {
        Integer attempts = jdbc.queryForObject("select attempts from message_journal where tenant = 'demo' and direction = 'inbound'"
                + " and message_id = ?", Integer.class, messageId);
        return attempts == null ? 0 : attempts;
    }

    private JsonNode answer(AmqpClient demo, String messageId) throws Exception {
        Message[] received = new Message[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> (received[0] = demo.receive("ehr.outbound.demo",
                "correlationId = '" + messageId + "'", 1_000)) != null);
        return json.readTree(AmqpClient.text(received[0]));
    }
}

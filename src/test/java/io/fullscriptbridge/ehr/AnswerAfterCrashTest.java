package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.SameBrokerMessage;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.CamelContext;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The window between two local transactions (D17): a node completes a message in the database (its idempotency key)
 * and dies before its JMS transaction, with the answer, commits. The broker redelivers the message to another
 * consumer, which finds the key. The EHR must still get its answer; an EHR's own re-send still gets none.
 * Found by TwoNodeTopologyIT (kill -9 mid-run: 89 of 90 answered).
 */
@BridgeIntegrationTest
class AnswerAfterCrashTest {

    @Autowired BrokerProperties broker;
    @Autowired CamelContext camel;
    @Autowired ObjectMapper json;
    @Autowired JdbcTemplate journal;

    @Test
    void aRedeliveredMessageThatWasCompletedBeforeTheCrashIsAnsweredAndAResendIsNot() throws Exception {
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            // the first run: completed, answered, its key stored
            Upsert upsert = sendAnswered(demo, "Chien-Shiung", "Wu");
            String mrn = upsert.mrn();
            String messageId = upsert.messageId();
            String body = upsert.body();

            // the crash, staged: the same second-stage message reaches the bridge again as a broker redelivery (a
            // consumer took it and went away without committing), while its key is already stored
            withSecondStageStopped(() -> redeliverToSecondStage(body, messageId));
            JsonNode again = answer(demo, messageId, 20_000);
            assertThat(again).as("the answer the crashed node never sent").isNotNull();
            assertThat(again.path("type").asText()).isEqualTo("patient.linked");
            assertThat(again.at("/data/ehrPatientId").asText()).isEqualTo(mrn);

            // an EHR sending the same messageId again: a first delivery of a known message, no second answer
            demo.send("ehr.inbound.demo", body, upsert.headers());
            assertThat(answer(demo, messageId, 3_000)).as("no answer to a re-send").isNull();
            // the journal counts each arrival once: the first send and the re-send (the staged copies went straight to
            // the second stage)
            assertThat(journal.queryForObject("select attempts from message_journal where tenant = 'demo' and direction = 'inbound'"
                    + " and message_id = ?", Integer.class, messageId)).as("attempts after one re-send").isEqualTo(2);
        }
    }

    @Test
    void theSameBrokerMessageDeliveredAgainWithoutTheRedeliveredFlagIsAnsweredAgain() throws Exception {
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            Upsert upsert = sendAnswered(demo, "Lise", "Meitner");
            String messageId = upsert.messageId();
            String body = upsert.body();
            // the journal names the broker message (ehr.inbound.accepted) that completed it (D91)
            String completedCopy = journal.queryForObject("select completed_copy from message_journal"
                    + " where tenant = 'demo' and direction = 'inbound' and message_id = ?", String.class, messageId);
            assertThat(completedCopy).as("the completed broker message").startsWith("ID:");

            // the broker crash, staged: the node completed the message (its key stored) and the crash cut the JMS commit
            // with its answer; the broker's restart lost the delivery count written without a disk sync, so the same
            // broker message comes back as a first delivery (ReliabilityIT, D91)
            withSecondStageStopped(() -> sendToSecondStage(body, messageId, completedCopy));
            JsonNode again = answer(demo, messageId, 20_000);
            assertThat(again).as("the answer the crash cut").isNotNull();
            assertThat(again.path("type").asText()).isEqualTo("patient.linked");

            // an EHR's re-send is a new broker message: no second answer
            demo.send("ehr.inbound.demo", body, upsert.headers());
            assertThat(answer(demo, messageId, 3_000)).as("no answer to a re-send").isNull();
        }
    }

    /** A patient.upsert of a new patient as the EHR sent it. */
    private record Upsert(String mrn, String messageId, String body, Map<String, String> headers) {
    }

    /** Sends a new patient's upsert as the EHR and waits for its first answer (completed, its key stored). */
    private Upsert sendAnswered(AmqpClient demo, String firstName, String lastName) throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String messageId = UUID.randomUUID().toString();
        String body = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + firstName + "\",\"lastName\":\""
                + lastName + "\",\"email\":\"" + mrn.toLowerCase() + "@example.com\"}}";
        Upsert upsert = new Upsert(mrn, messageId, body, Map.of("ehrUserId", "dr-bennett", "messageId", messageId));
        demo.send("ehr.inbound.demo", body, upsert.headers());
        assertThat(answer(demo, messageId, 20_000)).as("the first answer").isNotNull();
        return upsert;
    }

    private interface Staging {
        void run() throws Exception;
    }

    /** The second stage stopped while the staging puts its message on ehr.inbound.accepted, then started again. */
    private void withSecondStageStopped(Staging staging) throws Exception {
        camel.getRouteController().stopRoute("ehr-patient-sync");
        try {
            staging.run();
        } finally {
            camel.getRouteController().startRoute("ehr-patient-sync");
        }
    }

    /** The message on ehr.inbound.accepted with the given JMSMessageID, as a first delivery. */
    private void sendToSecondStage(String body, String messageId, String jmsMessageId) throws Exception {
        SameBrokerMessage.send(broker.resolvedPort(), "ehr.inbound.accepted", body, Map.of("tenant", "demo", "ehrUserId", "dr-bennett",
                "messageId", messageId, "JMSXGroupID", "demo:crash-" + messageId), jmsMessageId);
    }

    /** As the bridge's user: put the message on ehr.inbound.accepted, take it and roll back, so its next delivery is a redelivery. */
    private void redeliverToSecondStage(String body, String messageId) throws Exception {
        JmsConnectionFactory factory = new JmsConnectionFactory("bridge", AmqpClient.PASSWORDS.get("bridge"), "amqp://127.0.0.1:" + broker.resolvedPort());
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("ehr.inbound.accepted"));
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("tenant", "demo");
            message.setStringProperty("ehrUserId", "dr-bennett");
            message.setStringProperty("messageId", messageId);
            message.setStringProperty("JMSXGroupID", "demo:crash-" + messageId);
            producer.send(message);
            session.commit();
            MessageConsumer consumer = session.createConsumer(session.createQueue("ehr.inbound.accepted"), "messageId = '" + messageId + "'");
            Message taken = consumer.receive(10_000);
            assertThat(taken).as("the staged delivery").isNotNull();
            session.rollback();
            consumer.close();
        }
    }

    private JsonNode answer(AmqpClient demo, String messageId, long timeoutMillis) throws Exception {
        Message m = demo.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", timeoutMillis);
        return m == null ? null : json.readTree(AmqpClient.text(m));
    }
}

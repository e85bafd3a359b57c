package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.BrokerQueues;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a message says about itself is not trusted: the tenant is the broker user's, a different {@code tenant}
 * property is refused (and the sender told, without its body), internal {@code bridge*} properties from a sender do
 * nothing, answers go only to queues the sending tenant may read, and over-size messages are refused.
 */
@BridgeIntegrationTest
class TenantTrustTest {

    private static final String REFUSED = "bridge.inbound.reply_to.refused";

    @Autowired BrokerProperties broker;
    @Autowired MeterRegistry meters;
    @Autowired ObjectMapper json;

    @Autowired EmbeddedActiveMQ artemis;

    AmqpClient demo;
    AmqpClient acme;
    BrokerQueues queues;

    @BeforeEach
    void open() throws Exception {
        queues = new BrokerQueues(artemis);
        demo = AmqpClient.as("demo", broker.resolvedPort());
        acme = AmqpClient.as("acme", broker.resolvedPort());
    }

    @AfterEach
    void close() throws Exception {
        demo.close();
        acme.close();
    }

    @Test
    void theTenantIsTheBrokerUsersOverAmqpAndCore() throws Exception {
        // no tenant property at all, and three tenants configured: only the login says whose message it is
        String overAmqp = UUID.randomUUID().toString();
        demo.send("ehr.inbound.demo", upsert("MRN-" + overAmqp), Map.of("ehrUserId", "dr-bennett", "messageId", overAmqp));
        assertThat(answer(demo, "ehr.outbound.demo", overAmqp).path("type").asText()).isEqualTo("patient.linked");

        String overCore = UUID.randomUUID().toString();
        sendOverCore("demo", "test-demo-broker-password", "ehr.inbound.demo", upsert("MRN-" + overCore),
                Map.of("ehrUserId", "dr-bennett", "messageId", overCore));
        JsonNode linked = answer(demo, "ehr.outbound.demo", overCore);
        assertThat(linked.path("type").asText()).isEqualTo("patient.linked");
        assertThat(linked.path("tenant").asText()).isEqualTo("demo");
    }

    @Test
    void aTenantCannotSendAsAnother() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String body = upsert("MRN-" + messageId);
        acme.send("ehr.inbound.acme", body, Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));

        JsonNode rejected = answer(acme, "ehr.outbound.acme", messageId);
        assertThat(rejected.path("type").asText()).isEqualTo("message.rejected");
        assertThat(rejected.path("tenant").asText()).isEqualTo("acme");
        assertThat(rejected.at("/data/messageId").asText()).isEqualTo(messageId);
        assertThat(rejected.at("/data/errorCode").asText()).isEqualTo("tenant_mismatch");
        assertThat(rejected.toString()).as("never the body").doesNotContain("Lovelace").doesNotContain("@example.com");

        Message invalid = AmqpClient.receiveAs("bridge", broker.resolvedPort(), "ehr.inbound.invalid", "messageId = '" + messageId + "'", 20_000);
        assertThat(invalid).isNotNull();
        assertThat(invalid.getStringProperty("errorCode")).isEqualTo("tenant_mismatch");
        assertThat(AmqpClient.text(invalid)).isEqualTo(body);

        queues.awaitHandled(BrokerQueues.EHR_INBOUND);
        assertThat(queues.count("ehr.outbound.demo", "correlationId = '" + messageId + "'")).as("nothing done for demo").isZero();

        // the same over CORE
        String overCore = UUID.randomUUID().toString();
        sendOverCore("acme", "test-acme-broker-password", "ehr.inbound.acme", upsert("MRN-" + overCore),
                Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", overCore));
        assertThat(answer(acme, "ehr.outbound.acme", overCore).at("/data/errorCode").asText()).isEqualTo("tenant_mismatch");

        // nor by writing the broker's own mark, in a message big enough (200 KB) to be a large message elsewhere
        String forged = UUID.randomUUID().toString();
        acme.send("ehr.inbound.acme", "{\"type\":\"patient.upsert\",\"note\":\"" + "x".repeat(200_000) + "\",\"patient\":{\"id\":\"MRN-" + forged
                        + "\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"f-" + forged + "@example.com\"}}",
                Map.of("tenant", "demo", "authenticatedTenant", "demo", "ehrUserId", "dr-bennett", "messageId", forged));
        assertThat(answer(acme, "ehr.outbound.acme", forged).at("/data/errorCode").asText()).isEqualTo("tenant_mismatch");
        queues.awaitHandled(BrokerQueues.EHR_INBOUND);
        assertThat(queues.count("ehr.outbound.demo", "correlationId = '" + forged + "'")).as("nothing done for demo").isZero();
    }

    @Test
    void answersGoOnlyToQueuesTheSenderMayRead() throws Exception {
        double refusedBefore = refused("demo");
        for (String elsewhere : new String[] {"ehr.outbound.acme", "ehr.outbound.acme?exchangePattern=InOnly", "ehr.reply.acme.x", "ehr.inbound.invalid"}) {
            String messageId = UUID.randomUUID().toString();
            demo.sendWithReplyTo("ehr.inbound.demo", upsert("MRN-" + messageId), Map.of("ehrUserId", "dr-bennett", "messageId", messageId), elsewhere);
            assertThat(answer(demo, "ehr.outbound.demo", messageId).path("type").asText()).isEqualTo("patient.linked");
            queues.awaitHandled(BrokerQueues.EHR_INBOUND);
            assertThat(queues.count("ehr.outbound.acme", "correlationId = '" + messageId + "'")).as("reply-to %s", elsewhere).isZero();
            assertThat(queues.count("ehr.inbound.invalid", "correlationId = '" + messageId + "'")).as("reply-to %s", elsewhere).isZero();
        }
        assertThat(refused("demo")).isGreaterThanOrEqualTo(refusedBefore + 4);

        // an HL7 ACK is no exception
        String mrn = "MRN-" + UUID.randomUUID().toString().substring(0, 8);
        String hl7 = InboundTransportTest.hl7("2.5.1", "ADT^A04^ADT_A01", "\r", mrn, mrn.toLowerCase() + "@example.com", true);
        demo.sendWithReplyTo("ehr.inbound.demo", hl7, Map.of("ehrUserId", "dr-bennett"), "ehr.outbound.acme");
        queues.awaitHandled(BrokerQueues.EHR_INBOUND);
        assertThat(queues.count("ehr.outbound.acme", "contentType = 'x-application/hl7-v2+er7'")).as("no ACK on acme's queue").isZero();

        // its own reply queue gets the answer
        String messageId = UUID.randomUUID().toString();
        Message reply = demo.request("ehr.inbound.demo", upsert("MRN-" + messageId), Map.of("ehrUserId", "dr-bennett", "messageId", messageId), 20_000);
        assertThat(reply).isNotNull();
        assertThat(reply.getStringProperty("correlationId")).isEqualTo(messageId);
    }

    @Test
    void internalPropertiesFromASenderHaveNoEffect() throws Exception {
        String messageId = UUID.randomUUID().toString();
        Map<String, String> headers = new LinkedHashMap<>(Map.of("ehrUserId", "dr-bennett", "messageId", messageId,
                "bridgeReplyTo", "ehr.outbound.acme", "bridgeReplay", ":replay-1"));
        String body = upsert("MRN-" + messageId);
        demo.send("ehr.inbound.demo", body, headers);
        assertThat(answer(demo, "ehr.outbound.demo", messageId).path("type").asText()).isEqualTo("patient.linked");
        queues.awaitHandled(BrokerQueues.EHR_INBOUND);
        assertThat(queues.count("ehr.outbound.acme", "correlationId = '" + messageId + "'")).as("bridgeReplyTo ignored").isZero();

        // a re-send is a duplicate, whatever replay marker it carries
        headers.put("bridgeReplay", ":replay-2");
        demo.send("ehr.inbound.demo", body, headers);
        queues.awaitHandled(BrokerQueues.EHR_INBOUND);
        assertThat(queues.count("ehr.outbound.demo", "correlationId = '" + messageId + "'")).as("processed once").isZero();
    }

    @Test
    void anOverSizeMessageIsRefusedWithoutItsBody() throws Exception {
        String messageId = UUID.randomUUID().toString();
        String padding = "x".repeat(1_048_576);
        String body = "{\"type\":\"patient.upsert\",\"note\":\"" + padding + "\",\"patient\":{\"id\":\"MRN-" + messageId
                + "\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"big-" + messageId + "@example.com\"}}";
        demo.send("ehr.inbound.demo", body, Map.of("ehrUserId", "dr-bennett", "messageId", messageId));

        JsonNode rejected = answer(demo, "ehr.outbound.demo", messageId);
        assertThat(rejected.path("type").asText()).isEqualTo("message.rejected");
        assertThat(rejected.at("/data/errorCode").asText()).isEqualTo("message_too_large");
        assertThat(rejected.toString()).hasSizeLessThan(2_000);
        Message invalid = AmqpClient.receiveAs("bridge", broker.resolvedPort(), "ehr.inbound.invalid", "messageId = '" + messageId + "'", 20_000);
        assertThat(invalid.getStringProperty("errorCode")).isEqualTo("message_too_large");
    }

    /** As an EHR with Artemis' own (CORE) JMS client. */
    private void sendOverCore(String user, String password, String queue, String body, Map<String, String> properties) throws Exception {
        try (Connection core = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + broker.resolvedPort(), user, password).createConnection();
             Session session = core.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage m = session.createTextMessage(body);
            for (Map.Entry<String, String> p : properties.entrySet()) {
                m.setStringProperty(p.getKey(), p.getValue());
            }
            producer.send(m);
        }
    }

    private JsonNode answer(AmqpClient client, String queue, String correlationId) throws Exception {
        Message m = client.receive(queue, "correlationId = '" + correlationId + "'", 20_000);
        assertThat(m).as("answer to %s on %s", correlationId, queue).isNotNull();
        return json.readTree(AmqpClient.text(m));
    }

    private double refused(String tenant) {
        Counter c = meters.find(REFUSED).tag("tenant", tenant).counter();
        return c == null ? 0 : c.count();
    }

    private static String upsert(String mrn) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\""
                + mrn.toLowerCase() + "@example.com\"}}";
    }
}

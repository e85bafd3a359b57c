package io.fullscriptbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The broker knows who is talking, over AMQP 1.0 (Qpid JMS, what a non-Java EHR uses) and CORE (Artemis' own
 * client): no login or a wrong password is refused; a tenant's user may send only to ehr.inbound.&lt;its tenant&gt; and
 * read only ehr.outbound.&lt;its tenant&gt; and its ehr.reply.&lt;tenant&gt;.* queues. acme tries what is demo's or the bridge's.
 */
@BridgeIntegrationTest
class BrokerSecurityTest {

    /** What acme must not read: demo's answers, rejected bodies, dead letters, Fullscript's events. */
    private static final List<String> NOT_ACMES = List.of("ehr.outbound.demo", "ehr.inbound.invalid", "DLQ.ehr.inbound", "fullscript.events",
            "ehr.inbound.accepted", "ehr.inbound", "ehr.reply.demo.x");
    /** Where acme must not send: demo's inbound address, the bridge's internal queues, demo's answers. */
    private static final List<String> NOT_ACMES_TO_SEND = List.of("ehr.inbound.demo", "ehr.inbound", "ehr.inbound.accepted",
            "ehr.outbound.demo", "ehr.outbound.acme", "fullscript.events");

    @Autowired BrokerProperties broker;

    enum Protocol { AMQP, CORE }

    private ConnectionFactory factory(Protocol protocol, String user, String password) {
        int port = broker.resolvedPort();
        return switch (protocol) {
            case AMQP -> user == null ? new JmsConnectionFactory("amqp://127.0.0.1:" + port) : new JmsConnectionFactory(user, password, "amqp://127.0.0.1:" + port);
            case CORE -> user == null ? new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port) : new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, user, password);
        };
    }

    private Connection connect(Protocol protocol, String user) throws JMSException {
        Connection c = factory(protocol, user, AmqpClient.PASSWORDS.get(user)).createConnection();
        c.start();
        return c;
    }

    @Test
    void withoutCredentialsOrWithAWrongPasswordNobodyGetsIn() {
        for (Protocol protocol : Protocol.values()) {
            assertThatThrownBy(() -> open(factory(protocol, null, null))).as("%s anonymous", protocol).isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> open(factory(protocol, "demo", "not-the-password"))).as("%s wrong password", protocol)
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> open(factory(protocol, "nobody", "test-demo-broker-password"))).as("%s unknown user", protocol)
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void aTenantReadsOnlyItsOwnQueues() throws Exception {
        for (Protocol protocol : Protocol.values()) {
            try (Connection acme = connect(protocol, "acme"); Session session = acme.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                for (String queue : NOT_ACMES) {
                    assertThatThrownBy(() -> session.createConsumer(session.createQueue(queue)).receive(200))
                            .as("%s: acme reads %s", protocol, queue).isInstanceOf(JMSSecurityException.class);
                }
                // its own outbound queue and a reply queue of its own: fine
                try (MessageConsumer own = session.createConsumer(session.createQueue("ehr.outbound.acme"))) {
                    own.receiveNoWait();
                }
                try (MessageConsumer reply = session.createConsumer(session.createQueue("ehr.reply.acme." + UUID.randomUUID()))) {
                    reply.receiveNoWait();
                }
            }
        }
    }

    @Test
    void aTenantSendsOnlyToItsOwnInboundAddress() throws Exception {
        for (Protocol protocol : Protocol.values()) {
            try (Connection acme = connect(protocol, "acme"); Session session = acme.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                for (String queue : NOT_ACMES_TO_SEND) {
                    assertThatThrownBy(() -> send(session, queue, "{}")).as("%s: acme sends to %s", protocol, queue)
                            .isInstanceOf(JMSSecurityException.class);
                }
                // over AMQP this one comes back as amqp:internal-error naming the missing permission
                assertThatThrownBy(() -> send(session, "acme.new.address." + UUID.randomUUID(), "{}")).as("%s: acme creates an address", protocol)
                        .isInstanceOf(JMSException.class).hasMessageContaining("does not have permission='CREATE_ADDRESS'");
            }
        }
    }

    @Test
    void theBridgeUserMayReadWhatTenantsMayNot() throws Exception {
        try (Connection bridge = connect(Protocol.CORE, "bridge"); Session session = bridge.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageConsumer invalid = session.createConsumer(session.createQueue("ehr.inbound.invalid"), "messageId = 'none'")) {
            assertThat(invalid.receiveNoWait()).isNull();
        }
    }

    private static void open(ConnectionFactory factory) throws JMSException {
        try (Connection c = factory.createConnection()) {
            c.start();
            c.createSession(false, Session.AUTO_ACKNOWLEDGE).close();
        }
    }

    private static void send(Session session, String queue, String body) throws JMSException {
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            Message m = session.createTextMessage(body);
            producer.send(m);
        }
    }
}

package io.fullscriptbridge.support;

import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;

/**
 * An EHR's view of the bridge: an AMQP 1.0 client (Qpid JMS) on the broker's network acceptor, as a non-Java
 * EHR with any AMQP library would connect, logged in with a broker user of the test profile. Not the in-VM
 * connector the bridge itself uses.
 */
public final class AmqpClient implements AutoCloseable {

    /** The test profile's broker users (application-test.yml): the bridge's own, and one per tenant. */
    public static final Map<String, String> PASSWORDS = Map.of(
            "bridge", "test-bridge-broker-password",
            "demo", "test-demo-broker-password",
            "other", "test-other-broker-password",
            "acme", "test-acme-broker-password");

    private final Connection connection;
    private final Session session;
    private final String user;

    public AmqpClient(int port, String user, String password) throws JMSException {
        this.user = user;
        connection = new JmsConnectionFactory(user, password, "amqp://127.0.0.1:" + port).createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /**
     * Logged in as a broker user of the test profile: a tenant ("demo", "other", "acme": sends to
     * ehr.inbound.&lt;tenant&gt;, reads its outbound and reply queues) or "bridge" (ops: the invalid queue, DLQs).
     */
    public static AmqpClient as(String user, int port) throws JMSException {
        return new AmqpClient(port, user, PASSWORDS.get(user));
    }

    public void send(String queue, String body, Map<String, String> properties) throws JMSException {
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage message = session.createTextMessage(body);
            for (Map.Entry<String, String> p : properties.entrySet()) {
                message.setStringProperty(p.getKey(), p.getValue());
            }
            producer.send(message);
        }
    }

    /** A message to send: its body and string properties. */
    public record Outgoing(String body, Map<String, String> properties) {
    }

    /**
     * Sends every message in order through one producer (one link for all of them rather than one per message, which
     * costs a round trip to attach and one to detach each time).
     */
    public void sendAll(String queue, java.util.List<Outgoing> messages) throws JMSException {
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Outgoing m : messages) {
                TextMessage message = session.createTextMessage(m.body());
                for (Map.Entry<String, String> p : m.properties().entrySet()) {
                    message.setStringProperty(p.getKey(), p.getValue());
                }
                producer.send(message);
            }
        }
    }

    /**
     * Sends with JMSReplyTo set to a new reply queue of this tenant (ehr.reply.&lt;tenant&gt;.&lt;random&gt;: the only
     * reply queues the bridge writes to besides the outbound queue), and returns that queue's first message (or null).
     */
    public Message request(String queue, String body, Map<String, String> properties, long timeoutMillis) throws JMSException {
        jakarta.jms.Queue replyTo = session.createQueue("ehr.reply." + user + "." + java.util.UUID.randomUUID());
        try (MessageProducer producer = session.createProducer(session.createQueue(queue));
             MessageConsumer consumer = session.createConsumer(replyTo)) {
            TextMessage message = session.createTextMessage(body);
            message.setJMSReplyTo(replyTo);
            for (Map.Entry<String, String> p : properties.entrySet()) {
                message.setStringProperty(p.getKey(), p.getValue());
            }
            producer.send(message);
            return consumer.receive(timeoutMillis);
        }
    }

    /** Sends with JMSReplyTo naming any queue (the bridge decides whether it may answer there). */
    public void sendWithReplyTo(String queue, String body, Map<String, String> properties, String replyTo) throws JMSException {
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            TextMessage message = session.createTextMessage(body);
            message.setJMSReplyTo(session.createQueue(replyTo));
            for (Map.Entry<String, String> p : properties.entrySet()) {
                message.setStringProperty(p.getKey(), p.getValue());
            }
            producer.send(message);
        }
    }

    /** One receive as another broker user (e.g. "bridge" for the invalid queue and the DLQs, which no tenant may read). */
    public static Message receiveAs(String user, int port, String queue, String selector, long timeoutMillis) throws JMSException {
        try (AmqpClient client = as(user, port)) {
            Message m = client.receive(queue, selector, timeoutMillis);
            if (m != null) {
                m.getBody(Object.class); // read before the connection closes
            }
            return m;
        }
    }

    /** The first message on the queue matching the JMS selector, or null after the timeout. */
    public Message receive(String queue, String selector, long timeoutMillis) throws JMSException {
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            return consumer.receive(timeoutMillis);
        }
    }

    /**
     * A consumer for reading many messages of a queue: one link for all of them. A consumer per message (as
     * {@link #receive} makes) costs a round trip each time and, with a selector, a scan of the whole queue.
     */
    public MessageConsumer consumer(String queue, String selector) throws JMSException {
        return session.createConsumer(session.createQueue(queue), selector);
    }

    public static String text(Message message) throws JMSException {
        if (message instanceof TextMessage t) {
            return t.getText();
        }
        return new String(message.getBody(byte[].class), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}

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
 * EHR with any AMQP library would connect. Not the in-VM connector the bridge itself uses.
 */
public final class AmqpClient implements AutoCloseable {

    private final Connection connection;
    private final Session session;

    public AmqpClient(int port) throws JMSException {
        connection = new JmsConnectionFactory("amqp://127.0.0.1:" + port).createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
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

    /** Sends with JMSReplyTo set to a new temporary queue, and returns that queue's first message (or null). */
    public Message request(String queue, String body, Map<String, String> properties, long timeoutMillis) throws JMSException {
        jakarta.jms.TemporaryQueue replyTo = session.createTemporaryQueue();
        try (MessageProducer producer = session.createProducer(session.createQueue(queue));
             MessageConsumer consumer = session.createConsumer(replyTo)) {
            TextMessage message = session.createTextMessage(body);
            message.setJMSReplyTo(replyTo);
            for (Map.Entry<String, String> p : properties.entrySet()) {
                message.setStringProperty(p.getKey(), p.getValue());
            }
            producer.send(message);
            return consumer.receive(timeoutMillis);
        } finally {
            replyTo.delete();
        }
    }

    /** The first message on the queue matching the JMS selector, or null after the timeout. */
    public Message receive(String queue, String selector, long timeoutMillis) throws JMSException {
        try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
            return consumer.receive(timeoutMillis);
        }
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

package io.fullscriptbridge.support;

import java.util.Map;
import java.util.UUID;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * Stages a broker crash's aftermath: a message a stage already completed comes back as a first delivery with the
 * same JMSMessageID (the broker message's id survives a restart; the delivery count written without a disk sync does
 * not, D91). Sent as the bridge's user over Artemis' own protocol, which lets the sender set the message's user id.
 */
public final class SameBrokerMessage {

    private SameBrokerMessage() {
    }

    /** Puts {@code body} on {@code queue} with the given JMSMessageID ({@code ID:<uuid>}) and string properties. */
    public static void send(int port, String queue, String body, Map<String, String> properties, String jmsMessageId) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, "bridge", AmqpClient.PASSWORDS.get("bridge"));
        try (factory; Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDisableMessageID(true);
            ActiveMQMessage message = (ActiveMQMessage) session.createTextMessage(body);
            message.getCoreMessage().setUserID(new org.apache.activemq.artemis.utils.UUID(UUID.fromString(jmsMessageId.substring("ID:".length()))));
            for (Map.Entry<String, String> property : properties.entrySet()) {
                message.setStringProperty(property.getKey(), property.getValue());
            }
            producer.send(message);
        }
    }
}

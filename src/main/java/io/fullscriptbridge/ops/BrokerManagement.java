package io.fullscriptbridge.ops;

import java.time.Duration;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.springframework.stereotype.Component;

/**
 * Operations on the broker's queues through Artemis' management address ({@code activemq.management}), request and
 * reply with the bridge's own broker user: the same for the embedded broker and an external one (D51).
 */
@Component
public class BrokerManagement {

    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

    private final ConnectionFactory connections;

    public BrokerManagement(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** Invokes one operation of a queue's QueueControl and returns its result. */
    public Object queueOperation(String queue, String operation, Object... args) {
        try (ManagementSession management = ManagementSession.open(connections, REPLY_TIMEOUT)) {
            return management.operation(ResourceNames.QUEUE + queue, operation, args);
        } catch (JMSException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("management operation " + operation + " on " + queue + " failed: " + e, e);
        }
    }

    /** The names of every queue on the broker. */
    public java.util.List<String> queueNames() {
        try (ManagementSession management = ManagementSession.open(connections, REPLY_TIMEOUT)) {
            Object[] names = (Object[]) management.attribute(ResourceNames.BROKER, "queueNames");
            return java.util.Arrays.stream(names).map(String::valueOf).sorted().toList();
        } catch (Exception e) {
            throw new IllegalStateException("broker queue names not read: " + e, e);
        }
    }

    /** The body of one message, read with a browser (nothing is consumed); null when it is gone. */
    public String browseBody(String queue, String selector) {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (jakarta.jms.QueueBrowser browser = session.createBrowser(session.createQueue(queue), selector)) {
                java.util.Enumeration<?> e = browser.getEnumeration();
                if (!e.hasMoreElements()) {
                    return null;
                }
                Message m = (Message) e.nextElement();
                if (m instanceof jakarta.jms.TextMessage t) {
                    return t.getText();
                }
                if (m instanceof jakarta.jms.BytesMessage b) {
                    byte[] bytes = new byte[(int) Math.min(b.getBodyLength(), 2_000_000)];
                    b.readBytes(bytes);
                    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                }
                return m.getBody(String.class);
            }
        } catch (Exception e) {
            throw new IllegalStateException("message body not read from " + queue + ": " + e, e);
        }
    }
}

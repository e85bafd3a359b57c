package io.fullscriptbridge.ops;

import java.time.Duration;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * Request and reply on Artemis' management address ({@code activemq.management}) with the bridge's own broker user:
 * one connection, session and temporary reply queue for any number of requests, the same for the embedded broker and
 * an external one (D51). Used by {@link BrokerManagement} (one request) and {@link BrokerQueueStats} (many per read).
 */
final class ManagementSession implements AutoCloseable {

    static final String ADDRESS = "activemq.management";

    private final Connection connection;
    private final Session session;
    private final TemporaryQueue replies;
    private final MessageProducer producer;
    private final MessageConsumer consumer;
    private final long replyTimeoutMillis;

    private ManagementSession(Connection connection, Duration replyTimeout) throws JMSException {
        this.connection = connection;
        this.replyTimeoutMillis = replyTimeout.toMillis();
        connection.start();
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        this.replies = session.createTemporaryQueue();
        this.producer = session.createProducer(session.createQueue(ADDRESS));
        this.consumer = session.createConsumer(replies);
    }

    static ManagementSession open(ConnectionFactory connections, Duration replyTimeout) throws JMSException {
        Connection connection = connections.createConnection();
        try {
            return new ManagementSession(connection, replyTimeout);
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** One attribute of a resource ({@code ResourceNames.BROKER}, {@code ResourceNames.QUEUE + name}). */
    Object attribute(String resource, String attribute) throws Exception {
        Message request = session.createMessage();
        JMSManagementHelper.putAttribute(request, resource, attribute);
        return call(request, attribute + " of " + resource);
    }

    /** One operation of a resource, with its arguments. */
    Object operation(String resource, String operation, Object... args) throws Exception {
        Message request = session.createMessage();
        JMSManagementHelper.putOperationInvocation(request, resource, operation, args);
        return call(request, "management operation " + operation + " on " + resource);
    }

    private Object call(Message request, String what) throws Exception {
        request.setJMSReplyTo(replies);
        producer.send(request);
        Message reply = consumer.receive(replyTimeoutMillis);
        if (reply == null) {
            throw new JMSException("no answer from the broker's management address");
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new JMSException(what + " failed: " + JMSManagementHelper.getResult(reply));
        }
        return JMSManagementHelper.getResult(reply);
    }

    @Override
    public void close() throws JMSException {
        try {
            producer.close();
            consumer.close();
            replies.delete();
        } finally {
            connection.close();
        }
    }
}

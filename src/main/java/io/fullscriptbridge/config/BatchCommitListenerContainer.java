package io.fullscriptbridge.config;

import java.time.Duration;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.camel.component.jms.DefaultJmsMessageListenerContainer;
import org.apache.camel.component.jms.JmsEndpoint;

/**
 * A listener container that commits its local JMS transaction once for the messages that were already waiting, instead
 * of once per message (D81). A commit waits for the broker's journal to reach the disk; a stage read by one consumer
 * (the first inbound stage, which must keep arrival order) could otherwise never go faster than one disk sync per
 * message.
 *
 * <p>Each listener thread processes messages one after another exactly as before (the route runs once per message, in
 * order, and its sends join the thread's session); only the commit waits: it happens when no further message is
 * waiting in the consumer's buffer, after {@code maxMessages}, after a redelivered message, or when the container
 * stops. A lone message is committed at once, so a quiet queue sees no added latency.
 *
 * <p>A failure rolls back the whole batch: the messages processed before it go back to the broker with it and are
 * redelivered (every step of the stage is idempotent, and their sends were part of the rolled-back transaction, so
 * nothing was published twice). So that one bad message cannot take its batch-mates to the dead-letter queue, every
 * thread of the container commits per message for {@code singleAfterFailure} after any failure (longer than the
 * broker's whole redelivery span), and a redelivered message is always committed right after it.
 */
public class BatchCommitListenerContainer extends DefaultJmsMessageListenerContainer {

    private final int maxMessages;
    private final long singleAfterFailureNanos;
    /** Each listener thread's session and how many of its messages are processed but not committed yet. */
    private final ThreadLocal<Batch> batches = ThreadLocal.withInitial(Batch::new);
    /** Until when (System.nanoTime) every thread commits per message: set by a failure. */
    private volatile long singleUntil = System.nanoTime();

    private static final class Batch {
        Session session;
        int pending;
    }

    public BatchCommitListenerContainer(JmsEndpoint endpoint, int maxMessages, Duration singleAfterFailure) {
        super(endpoint);
        if (maxMessages < 1) {
            throw new IllegalArgumentException("the batch holds at least one message");
        }
        this.maxMessages = maxMessages;
        this.singleAfterFailureNanos = singleAfterFailure.toNanos();
    }

    /** With messages uncommitted, takes the next only when it is already here; otherwise commits them and waits. */
    @Override
    protected Message receiveMessage(MessageConsumer consumer) throws JMSException {
        Batch batch = batches.get();
        if (batch.pending > 0) {
            Message waiting = consumer.receiveNoWait();
            if (waiting != null) {
                return waiting;
            }
            commit(batch);
        }
        return super.receiveMessage(consumer);
    }

    @Override
    protected void commitIfNecessary(Session session, Message message) throws JMSException {
        if (message == null || !session.getTransacted()) {
            super.commitIfNecessary(session, message);
            return;
        }
        Batch batch = batches.get();
        batch.session = session;
        batch.pending++;
        boolean singleMessages = System.nanoTime() - singleUntil < 0;
        if (batch.pending >= maxMessages || !isRunning() || singleMessages || message.getJMSRedelivered()) {
            commit(batch);
        }
    }

    @Override
    protected void rollbackOnExceptionIfNecessary(Session session, Throwable ex) throws JMSException {
        failed();
        super.rollbackOnExceptionIfNecessary(session, ex);
    }

    @Override
    protected void rollbackIfNecessary(Session session) throws JMSException {
        failed();
        super.rollbackIfNecessary(session);
    }

    private void failed() {
        batches.get().pending = 0;
        singleUntil = System.nanoTime() + singleAfterFailureNanos;
    }

    private void commit(Batch batch) throws JMSException {
        batch.pending = 0;
        if (batch.session != null) {
            super.commitIfNecessary(batch.session, null);
        }
    }
}

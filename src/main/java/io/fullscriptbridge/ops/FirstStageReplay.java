package io.fullscriptbridge.ops;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.fullscriptbridge.config.QueueNames;
import io.fullscriptbridge.config.Queues;
import io.fullscriptbridge.config.TenantDirectory;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.stereotype.Component;

/**
 * Replays a message the first inbound stage dead-lettered ({@code _AMQ_ORIG_QUEUE = ehr.inbound}) without lowering
 * the tenant check (D65). The broker's move to DLQ.ehr.inbound rewrote {@code _AMQ_ORIG_ADDRESS} to
 * {@code ehr.inbound}, so putting the message back as it is (retryMessage) fails the first stage's two-mark check
 * (D24) as {@code tenant_unverified}; dropping the check for replays would let any message on a DLQ through.
 * <p>
 * The tenant is the one the bridge recorded: the journal row the bridge wrote for this messageId after the
 * broker-verified read (or the failed delivery, with the tenant the first stage had verified), in state
 * DEAD_LETTERED. The broker's stamp on the dead letter ({@code authenticatedTenant}, overwritten by the divert
 * whatever the sender wrote) must name that same tenant: two marks, as on the way in. Then, in one local JMS
 * transaction, the bridge takes the dead letter off the DLQ and sends a fresh copy (body, the EHR's own properties;
 * no broker, {@code authenticatedTenant} or {@code bridge*} properties) to {@code ehr.inbound.<tenant>}: the tenant's
 * divert stamps it again exactly as it stamps an EHR's send, and the first stage checks it as any other message.
 * A dead letter whose tenant cannot be established stays on the DLQ and the outcome says why.
 */
@Component
public class FirstStageReplay {

    /** Whether the bridge could establish the dead letter's tenant. */
    public sealed interface Verdict permits Established, Refusal {
    }

    /** The tenant the bridge recorded, confirmed by the broker's stamp. */
    public record Established(String tenant) implements Verdict {
    }

    /** The reason a dead letter was not replayed: a code for the audit and a sentence for the operator. */
    public record Refusal(String messageId, long brokerMessageId, String reason, String detail) implements Verdict {
    }

    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");

    private final ConnectionFactory connections;
    private final JournalRepository journal;
    private final TenantDirectory tenants;
    private final QueueNames queues;

    public FirstStageReplay(ConnectionFactory connections, JournalRepository journal, TenantDirectory tenants, QueueNames queues) {
        this.connections = connections;
        this.journal = journal;
        this.tenants = tenants;
        this.queues = queues;
    }

    /** A dead letter of the first stage: its original queue is ehr.inbound itself. */
    public boolean isFirstStage(String originalQueue) {
        return queues.getEhrInbound().equals(originalQueue);
    }

    /**
     * The tenant the bridge recorded for this dead letter, or the refusal. {@code stamp} is the broker's
     * authenticatedTenant on the dead letter (null when there is none).
     */
    public Verdict establish(String messageId, long brokerMessageId, String stamp) {
        if (messageId == null || !SAFE_VALUE.matcher(messageId).matches()) {
            return new Refusal(messageId, brokerMessageId, "tenant_not_established", "the dead letter has no usable messageId to find the bridge's record by");
        }
        Set<String> recorded = new TreeSet<>();
        journal.findAll((root, query, cb) -> cb.and(cb.equal(root.get("direction"), MessageJournal.INBOUND),
                        cb.equal(root.get("messageId"), messageId), cb.equal(root.get("state"), JournalEntry.State.DEAD_LETTERED.name())))
                .forEach(e -> recorded.add(e.getTenant()));
        if (recorded.isEmpty()) {
            return new Refusal(messageId, brokerMessageId, "tenant_not_established",
                    "the bridge recorded no dead-lettered message with this id (e.g. the database was down on every delivery): "
                            + "ask the EHR to send it again, or discard it");
        }
        if (stamp == null || !recorded.contains(stamp) || !tenants.tenants().contains(stamp)) {
            return new Refusal(messageId, brokerMessageId, "tenant_unverified",
                    "the broker's tenant mark on the dead letter does not name the tenant the bridge recorded for it");
        }
        return new Established(stamp);
    }

    /**
     * Moves one dead letter of {@code tenant} with this messageId from the DLQ to ehr.inbound.&lt;tenant&gt; in one
     * local transaction. False when no such dead letter is there any more.
     */
    public boolean move(String queue, String messageId, String tenant) {
        String selector = "messageId = '" + safe(messageId) + "' AND " + Queues.AUTHENTICATED_TENANT + " = '" + safe(tenant) + "'";
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector);
                 MessageProducer producer = session.createProducer(session.createQueue(queues.inboundFor(tenant)))) {
                Message dead = consumer.receive(5_000);
                if (dead == null) {
                    session.rollback();
                    return false;
                }
                producer.send(copy(session, dead));
                session.commit();
                return true;
            } catch (Exception e) {
                session.rollback();
                throw e;
            }
        } catch (Exception e) {
            throw new IllegalStateException("dead letter " + messageId + " not replayed: " + e.getMessage(), e);
        }
    }

    /** A fresh message: the body and the EHR's own properties, nothing the broker or the bridge set. */
    private static Message copy(Session session, Message dead) throws Exception {
        Message fresh;
        if (dead instanceof TextMessage text) {
            fresh = session.createTextMessage(text.getText());
        } else if (dead instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            BytesMessage b = session.createBytesMessage();
            b.writeBytes(body);
            fresh = b;
        } else {
            fresh = session.createTextMessage(dead.getBody(String.class));
        }
        for (String name : Collections.list(names(dead))) {
            if (!brokerOrBridge(name)) {
                fresh.setObjectProperty(name, dead.getObjectProperty(name));
            }
        }
        fresh.setJMSReplyTo(dead.getJMSReplyTo());
        fresh.setJMSCorrelationID(dead.getJMSCorrelationID());
        fresh.setJMSType(dead.getJMSType());
        return fresh;
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<String> names(Message m) throws Exception {
        return (Enumeration<String>) m.getPropertyNames();
    }

    private static boolean brokerOrBridge(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("_amq") || n.startsWith("jms") || n.startsWith("x-opt") || n.startsWith("bridge")
                || n.equals(Queues.AUTHENTICATED_TENANT.toLowerCase(Locale.ROOT)) || n.startsWith("__amq");
    }

    private static String safe(String value) {
        if (value == null || !SAFE_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid id or tenant");
        }
        return value;
    }

}

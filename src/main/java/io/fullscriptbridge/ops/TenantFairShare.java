package io.fullscriptbridge.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.InboundEnvelope;
import jakarta.jms.DeliveryMode;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * A fair share of the per-patient stage for each tenant (D84): the first stage sends a message of a tenant with a
 * backlog at a lower JMS priority, so another tenant's message does not wait behind thousands of them in
 * {@code ehr.inbound.accepted}; Artemis delivers higher priorities first (its consumers take one message at a time
 * there, {@code defaultConsumerWindowSize=0}, so nothing waits in a client buffer).
 *
 * <p>A tenant is backlogged when {@code bridge.inbound.fair-share.backlog} of its messages are in flight (journal
 * state RECEIVED: read by the first stage, not yet ended by the second), and it stays backlogged until none of its
 * low-priority messages is in flight. That rule keeps one patient's messages in order: a message gets the normal
 * priority only when no earlier message of its tenant waits at the low one, so a tenant's messages in the queue
 * never have a higher priority behind a lower one, and Artemis serves equal priorities first in, first out.
 *
 * <p>The counts come from the journal, which every node writes, so the share is the cluster's. Two nodes' first
 * stages reading one tenant's messages at the same moment may both miss the other's; the order guard (D72) covers
 * that as it covers two first stages today. A row left RECEIVED by mistake keeps its tenant backlogged: slower for
 * that tenant, never out of order.
 */
@Component("tenantFairShare")
public class TenantFairShare {

    /** JMS's default priority: a tenant without a backlog. */
    public static final int NORMAL = 4;
    /** A tenant with a backlog. */
    public static final int BACKLOGGED = 2;

    private static final Logger log = LoggerFactory.getLogger(TenantFairShare.class);

    private final JdbcTemplate jdbc;
    private final int backlog;
    private final long recheckNanos;
    /** Each tenant's last decision; only the first stage's one consumer per node writes it. */
    private final Map<String, Decision> decisions = new ConcurrentHashMap<>();

    /** A tenant's priority, when it was counted, and its messages in flight then plus those this stage sent since. */
    private static final class Decision {
        final long countedAt;
        int priority;
        long inFlight;

        Decision(long countedAt, int priority, long inFlight) {
            this.countedAt = countedAt;
            this.priority = priority;
            this.inFlight = inFlight;
        }
    }

    public TenantFairShare(JdbcTemplate jdbc, @Value("${bridge.inbound.fair-share.backlog:20}") int backlog,
                           @Value("${bridge.inbound.fair-share.recheck:250ms}") java.time.Duration recheck) {
        this.jdbc = jdbc;
        this.backlog = backlog;
        this.recheckNanos = recheck.toNanos();
    }

    /**
     * Sets the message's priority (JMSPriority, sent with preserveMessageQos) from its tenant's messages in flight; a
     * low one is noted in the context, so the journal's row records it. The delivery stays persistent and without expiry whatever the EHR's message had.
     */
    public void prioritize(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        int priority = backlog <= 0 ? NORMAL : priorityOf(envelope.tenant(), envelope.messageId());
        if (priority == BACKLOGGED) {
            // the journal's insert marks the row (journal-received runs after this step): what "still in flight" counts
            inbound.backlogged();
        }
        Message message = exchange.getMessage();
        message.setHeader("JMSPriority", priority);
        message.setHeader("JMSDeliveryMode", DeliveryMode.PERSISTENT);
        message.removeHeader("JMSExpiration");
    }

    /**
     * The tenant's priority. The count is a query on the journal, so the first stage makes it at most every
     * {@code bridge.inbound.fair-share.recheck} per tenant rather than once per message (D81); in between it adds the
     * messages it sent itself, so a burst still turns the tenant low after {@code backlog} messages. Both ways of
     * keeping a decision are order-safe: normal then low only puts earlier messages first; low kept a moment longer
     * only keeps the tenant behind a moment longer. Normal again needs a fresh count with no low message in flight.
     * Only a low-priority message is marked in its journal row, by the journal's own insert (the marks are what "still in
     * flight" counts).
     */
    private int priorityOf(String tenant, String messageId) {
        long now = System.nanoTime();
        Decision decision = decisions.get(tenant);
        if (decision == null || now - decision.countedAt >= recheckNanos) {
            decision = count(tenant, messageId, now);
            decisions.put(tenant, decision);
        } else if (++decision.inFlight >= backlog && decision.priority == NORMAL) {
            decision.priority = BACKLOGGED;
            backlogBegan(tenant, decision.inFlight);
        }
        return decision.priority;
    }

    private Decision count(String tenant, String messageId, long now) {
        // this message's own row (a re-send's or a redelivery's earlier one) is not counted
        Map<String, Object> inFlight = jdbc.queryForMap("""
                select count(*) as messages, count(case when share_priority = ? then 1 end) as backlogged
                from message_journal
                where state = 'RECEIVED' and tenant = ? and direction = ? and message_id <> ?""",
                BACKLOGGED, tenant, MessageJournal.INBOUND, messageId);
        long messages = ((Number) inFlight.get("messages")).longValue();
        long backlogged = ((Number) inFlight.get("backlogged")).longValue();
        int priority = backlogged > 0 || messages >= backlog ? BACKLOGGED : NORMAL;
        if (priority == BACKLOGGED && backlogged == 0) {
            backlogBegan(tenant, messages);
        }
        return new Decision(now, priority, messages + 1);
    }

    /**
     * The first stage answered the message itself (D93): it is not in flight, so it does not count towards the
     * tenant's backlog until the next count.
     */
    public void answeredHere(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound) {
        Decision decision = decisions.get(inbound.requiredEnvelope().tenant());
        if (decision != null && decision.inFlight > 0) {
            decision.inFlight--;
        }
    }

    private static void backlogBegan(String tenant, long inFlight) {
        log.info("tenant backlogged: its messages now wait behind other tenants' tenant={} inFlight={}", tenant, inFlight);
    }
}

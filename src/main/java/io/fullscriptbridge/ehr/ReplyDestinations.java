package io.fullscriptbridge.ehr;

import java.util.Optional;
import java.util.regex.Pattern;

import io.fullscriptbridge.config.QueueNames;
import io.fullscriptbridge.config.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where the bridge may write an answer for a tenant: its outbound queue, and a reply queue the request named
 * (JMSReplyTo) only when the tenant owns it: {@code ehr.outbound.<tenant>} or {@code ehr.reply.<tenant>.<name>}.
 * Every other reply-to (another tenant's queue, a topic, a name with endpoint options) is ignored, logged at WARN
 * without the name, and counted in {@code bridge.inbound.reply_to.refused}. The names decided here are sent with
 * Camel's {@code CamelJmsDestinationName} header to one fixed endpoint: no endpoint URI is built from message data.
 */
@Component("replyDestinations")
public class ReplyDestinations {

    /** Camel JMS: the destination to use instead of the endpoint's (set only from names checked here). */
    public static final String DESTINATION_NAME = "CamelJmsDestinationName";

    private static final Logger log = LoggerFactory.getLogger(ReplyDestinations.class);
    private static final Pattern REPLY_QUEUE_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final TenantDirectory tenants;
    private final MeterRegistry meters;
    private final QueueNames queues;

    public ReplyDestinations(TenantDirectory tenants, MeterRegistry meters, QueueNames queues) {
        this.tenants = tenants;
        this.meters = meters;
        this.queues = queues;
    }

    /** ehr.outbound.&lt;tenant&gt; of a configured tenant. */
    public String outboundQueue(String tenant) {
        if (tenant == null || !tenants.tenants().contains(tenant)) {
            throw new IllegalStateException("no outbound queue for an unknown tenant");
        }
        return queues.outboundFor(tenant);
    }

    /** Whether the tenant may read this queue: its outbound queue or one of its reply queues. */
    public boolean ownedBy(String tenant, String queue) {
        if (tenant == null || queue == null || !tenants.tenants().contains(tenant)) {
            return false;
        }
        if (queue.equals(queues.outboundFor(tenant))) {
            return true;
        }
        String prefix = queues.replyPrefixOf(tenant);
        return queue.startsWith(prefix) && REPLY_QUEUE_NAME.matcher(queue.substring(prefix.length())).matches();
    }

    /**
     * The request's JMSReplyTo when the tenant owns it; empty when there is none or it is refused (then logged
     * and counted).
     */
    public Optional<String> requested(Exchange exchange, String tenant) {
        Object replyTo = exchange.getMessage().getHeader("JMSReplyTo");
        if (replyTo == null) {
            return Optional.empty();
        }
        String name = replyTo instanceof Queue queue && !(replyTo instanceof TemporaryQueue) ? queueName(queue) : null;
        if (name != null && ownedBy(tenant, name)) {
            return Optional.of(name);
        }
        refused(exchange, tenant);
        return Optional.empty();
    }

    /**
     * First inbound stage, after the read: keeps an allowed JMSReplyTo by name in the {@link InboundContext} and drops
     * the JMS header.
     */
    public void fromRequest(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        requested(exchange, inbound.requiredEnvelope().tenant()).ifPresent(inbound::keepReplyTo);
        exchange.getMessage().removeHeader("JMSReplyTo");
    }

    /** Second inbound stage: the name the first stage carried (a header only the bridge can set), checked again. */
    public void carried(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        Message in = exchange.getMessage();
        String name = in.getHeader(InboundMessageReader.CARRIED_REPLY_TO, String.class);
        in.removeHeader(InboundMessageReader.CARRIED_REPLY_TO);
        if (name == null) {
            return;
        }
        String tenant = inbound.requiredEnvelope().tenant();
        if (ownedBy(tenant, name)) {
            inbound.keepReplyTo(name);
        } else {
            refused(exchange, tenant);
        }
    }

    /** Outbound: the reply queue kept for this exchange, if the event's tenant owns it. */
    public Optional<String> replyQueueFor(Exchange exchange, String tenant) {
        InboundContext inbound = InboundContext.find(exchange).orElse(null);
        String name = inbound == null ? null : inbound.getReplyTo();
        if (name == null) {
            return Optional.empty();
        }
        if (ownedBy(tenant, name)) {
            return Optional.of(name);
        }
        inbound.dropReplyTo();
        refused(exchange, tenant);
        return Optional.empty();
    }

    /** The reply queue is the event's outbound queue: the answer goes there once, not twice. */
    void dropReplyTo(Exchange exchange) {
        InboundContext.find(exchange).ifPresent(InboundContext::dropReplyTo);
    }

    private void refused(Exchange exchange, String tenant) {
        String t = tenant == null ? "unknown" : tenant;
        meters.counter("bridge.inbound.reply_to.refused", "tenant", t).increment();
        InboundEnvelope envelope = InboundContext.envelopeOf(exchange);
        log.warn("reply-to refused: not a queue of the sending tenant tenant={} messageId={}", t,
                envelope == null ? null : envelope.messageId());
    }

    private static String queueName(Queue queue) {
        try {
            return queue.getQueueName();
        } catch (JMSException e) {
            return null;
        }
    }
}

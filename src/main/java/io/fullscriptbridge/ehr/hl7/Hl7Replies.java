package io.fullscriptbridge.ehr.hl7;

import io.fullscriptbridge.ehr.EhrReplyQueue;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.common.InvalidMessageException;
import io.fullscriptbridge.ehr.ReplyDestinations;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/**
 * HL7 senders that name a reply queue (JMSReplyTo) get an HL7 acknowledgement there, when their MSH-15/16 asks
 * for one: AA once the message is read and queued, AE/AR with the reason when it is refused. The JSON answer
 * (patient.linked …) still goes to ehr.outbound.&lt;tenant&gt;; the reply queue gets only the ACK. Only a reply queue the
 * sending tenant owns is written to ({@link ReplyDestinations}).
 */
@Component("hl7Replies")
public class Hl7Replies {

    private final Hl7Acknowledgements acks;
    private final EhrReplyQueue replies;
    private final ReplyDestinations destinations;

    public Hl7Replies(Hl7Acknowledgements acks, EhrReplyQueue replies, ReplyDestinations destinations) {
        this.acks = acks;
        this.replies = replies;
        this.destinations = destinations;
    }

    /** After a successful read and the reply-to check in the first stage. */
    public void acknowledge(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        String replyTo = inbound.getReplyTo();
        if (envelope == null || !"hl7v2".equals(envelope.format()) || replyTo == null) {
            return;
        }
        String raw = exchange.getMessage().getBody(String.class);
        if (acks.ackRequested(raw, true)) {
            send(replyTo, acks.accept(raw));
        }
        // the ACK is the answer for HL7 senders: the reply queue is not carried on
        inbound.dropReplyTo();
    }

    /** In the error handler: the body (and JMSReplyTo) are the original message's again. */
    public void reject(Exchange exchange) {
        String raw = exchange.getMessage().getBody(String.class);
        InvalidMessageException error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidMessageException.class);
        if (raw == null || error == null || !raw.stripLeading().replace("\uFEFF", "").startsWith("MSH")
                || exchange.getMessage().getHeader("JMSReplyTo") == null) {
            return;
        }
        String sender = InboundContext.find(exchange).map(InboundContext::getSender).orElse(null);
        destinations.requested(exchange, sender).ifPresent(replyTo -> {
            if (acks.ackRequested(raw, false)) {
                send(replyTo, acks.reject(raw, error));
            }
        });
    }

    private void send(String queue, String ack) {
        replies.send(ack, queue, "x-application/hl7-v2+er7");
    }
}

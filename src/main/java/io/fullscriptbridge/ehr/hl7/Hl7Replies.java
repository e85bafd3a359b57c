package io.fullscriptbridge.ehr.hl7;

import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundMessageReader;
import io.fullscriptbridge.ehr.InvalidMessageException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * HL7 senders that name a reply queue (JMSReplyTo) get an HL7 acknowledgement there, when their MSH-15/16 asks
 * for one: AA once the message is read and queued, AE/AR with the reason when it is refused. The JSON answer
 * (patient.linked …) still goes to ehr.outbound.&lt;tenant&gt;; the reply queue gets only the ACK.
 */
@Component("hl7Replies")
public class Hl7Replies {

    private final Hl7Acknowledgements acks;
    private final ProducerTemplate producer;

    public Hl7Replies(Hl7Acknowledgements acks, ProducerTemplate producer) {
        this.acks = acks;
        this.producer = producer;
    }

    /** After a successful read in the first stage. */
    public void acknowledge(Exchange exchange) {
        InboundEnvelope envelope = exchange.getProperty(InboundMessageReader.ENVELOPE, InboundEnvelope.class);
        String replyTo = replyQueue(exchange);
        if (envelope == null || !"hl7v2".equals(envelope.format()) || replyTo == null) {
            return;
        }
        String raw = exchange.getMessage().getBody(String.class);
        if (acks.ackRequested(raw, true)) {
            send(replyTo, acks.accept(raw));
        }
        // the ACK is the answer for HL7 senders: the reply queue is not carried on
        exchange.getMessage().removeHeader("JMSReplyTo");
    }

    /** In the error handler: the body is the original message again. */
    public void reject(Exchange exchange) {
        String replyTo = replyQueue(exchange);
        String raw = exchange.getMessage().getBody(String.class);
        InvalidMessageException error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidMessageException.class);
        if (replyTo == null || raw == null || error == null || !raw.stripLeading().replace("\uFEFF", "").startsWith("MSH")) {
            return;
        }
        if (acks.ackRequested(raw, false)) {
            send(replyTo, acks.reject(raw, error));
        }
    }

    private void send(String queue, String ack) {
        producer.sendBodyAndHeader("jms:queue:" + queue + "?exchangePattern=InOnly", ack, "contentType", "x-application/hl7-v2+er7");
    }

    private static String replyQueue(Exchange exchange) {
        Object replyTo = exchange.getMessage().getHeader("JMSReplyTo");
        if (replyTo instanceof Queue queue) {
            try {
                return queue.getQueueName();
            } catch (JMSException e) {
                return null;
            }
        }
        return null;
    }
}

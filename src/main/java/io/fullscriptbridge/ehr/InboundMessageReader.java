package io.fullscriptbridge.ehr;

import java.util.List;
import java.util.UUID;

import io.fullscriptbridge.config.TenantDirectory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * First step of every inbound flow: reads the routing headers into an {@link InboundEnvelope}, detects the body's
 * format and parses it into the canonical {@link PatientMessage}. Both land in exchange properties; the body is
 * left as it came so a failure can still hand on the original.
 */
@Component("inboundMessageReader")
public class InboundMessageReader {

    public static final String ENVELOPE = "bridgeEnvelope";
    public static final String PATIENT_MESSAGE = "bridgePatientMessage";
    /** The EHR's reply queue, by name, carried from the first inbound stage to the answer. */
    public static final String REPLY_TO = "bridgeReplyTo";

    private static final char BOM = '\uFEFF';

    private final TenantDirectory tenants;
    private final List<InboundFormat> formats;
    private final PatientValidator validator;

    public InboundMessageReader(TenantDirectory tenants, List<InboundFormat> formats, PatientValidator validator) {
        this.tenants = tenants;
        this.formats = formats;
        this.validator = validator;
    }

    /** A message read and checked: its envelope and its canonical form. */
    public record Read(InboundEnvelope envelope, PatientMessage message) {
    }

    /** The routing headers as a transport gives them (JMS properties, HTTP X-Bridge-* headers). */
    public record Headers(String tenant, String ehrUserId, String clinicId, String messageId, String contentType, String transportId) {
    }

    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        Read read = read(in.getBody(String.class), new Headers(header(in, "tenant"), header(in, "ehrUserId"), header(in, "clinicId"),
                header(in, "messageId"), firstNonBlank(header(in, "contentType"), header(in, Exchange.CONTENT_TYPE)), header(in, "JMSMessageID")));
        exchange.setProperty(ENVELOPE, read.envelope());
        exchange.setProperty(PATIENT_MESSAGE, read.message());
        io.fullscriptbridge.fullscript.LogContext.enter(exchange, read.envelope().messageId());
        in.setHeader("tenant", read.envelope().tenant());
        in.setHeader("messageId", read.envelope().messageId());
    }

    /**
     * Detects the format, parses, validates and resolves the tenant and ids: the same verdict for every transport.
     *
     * @throws InvalidMessageException naming what is wrong (never a value: they are PHI)
     */
    public Read read(String body, Headers headers) {
        if (body == null || body.isBlank()) {
            throw new InvalidMessageException("empty_body", "the message has no body");
        }
        if (body.charAt(0) == BOM) {
            body = body.substring(1);
        }
        String tenant = tenants.resolve(headers.tenant());
        final String text = body;
        InboundFormat format = formats.stream().filter(f -> f.accepts(headers.contentType(), text)).findFirst()
                .orElseThrow(() -> new InvalidMessageException("unsupported_format",
                        "the body is neither canonical JSON, HL7 v2 nor FHIR R4"));
        PatientMessage message = format.parse(text);
        validator.validate(message);

        if (headers.ehrUserId() == null || headers.ehrUserId().isBlank()) {
            throw new InvalidMessageException("user_required", "the ehrUserId header is required");
        }
        // the header, else the message's own id (HL7 MSH-10), else the transport's
        String messageId = firstNonBlank(blankToNull(headers.messageId()),
                firstNonBlank(blankToNull(message.sourceMessageId()), blankToNull(headers.transportId())));
        if (messageId == null) {
            messageId = UUID.randomUUID().toString();
        }
        return new Read(new InboundEnvelope(tenant, headers.ehrUserId(), blankToNull(headers.clinicId()), messageId, format.name()), message);
    }

    /**
     * After a successful read in the ordered first stage: groups the message by patient for the concurrent second
     * stage (JMSXGroupID = tenant:ehrPatientId, so one patient's messages stay in order) and keeps the EHR's
     * reply-to queue by name for the answer at the end.
     */
    public void groupByPatient(Exchange exchange) {
        InboundEnvelope envelope = exchange.getProperty(ENVELOPE, InboundEnvelope.class);
        PatientMessage message = exchange.getProperty(PATIENT_MESSAGE, PatientMessage.class);
        Message in = exchange.getMessage();
        in.setHeader("JMSXGroupID", envelope.tenant() + ":" + message.ehrPatientId());
        Object replyTo = in.getHeader("JMSReplyTo");
        if (replyTo instanceof jakarta.jms.Queue queue) {
            try {
                in.setHeader(REPLY_TO, queue.getQueueName());
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException("unreadable JMSReplyTo", e);
            }
        }
        in.removeHeader("JMSReplyTo");
    }

    private static String header(Message in, String name) {
        String value = in.getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String firstNonBlank(String a, String b) {
        return a != null ? a : b;
    }
}

package io.fullscriptbridge.ehr;

import static io.fullscriptbridge.common.Text.blankToNull;

import io.fullscriptbridge.common.InvalidMessageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import io.fullscriptbridge.config.QueueNames;
import io.fullscriptbridge.config.Queues;
import io.fullscriptbridge.config.TenantDirectory;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * First step of every inbound flow: reads the routing headers into an {@link InboundEnvelope}, detects the body's
 * format and parses it into the canonical {@link PatientMessage}. Both land in the exchange's {@link InboundContext};
 * the body is left as it came so a failure can still hand on the original.
 */
@Component("inboundMessageReader")
public class InboundMessageReader {

    /**
     * Header (a JMS property only the bridge's user can set on ehr.inbound.accepted) that carries the reply queue the
     * first stage allowed, by name, to the second stage; {@link ReplyDestinations#carried} checks it again.
     */
    public static final String CARRIED_REPLY_TO = "bridgeReplyTo";
    /** The first stage's broker message id, carried to the second stage's copy (bridge-internal: admit drops an EHR's). */
    public static final String FIRST_STAGE_COPY = "bridgeFirstStageCopy";
    /**
     * Header the read sets to the message's type (patient.upsert …) for the route's choice of flow: a plain header
     * lookup, where {@code ${exchangeProperty.bridgeInbound.messageType}} made Camel build a bean expression on every
     * evaluation (D89). The bridge's own: an EHR's value was dropped by admit and is overwritten here.
     */
    public static final String MESSAGE_TYPE = "bridgeMessageType";
    /** Headers (JMS properties, STOMP headers …) with this prefix are the bridge's own; a sender cannot set them. */
    private static final String INTERNAL_PREFIX = "bridge";

    private static final char BOM = '\uFEFF';

    private final TenantDirectory tenants;
    private final List<InboundFormat> formats;
    private final PatientValidator validator;
    private final int maxBodyBytes;
    private final QueueNames queues;

    public InboundMessageReader(TenantDirectory tenants, List<InboundFormat> formats, PatientValidator validator, QueueNames queues,
                                @Value("${bridge.inbound.max-body-bytes:1048576}") int maxBodyBytes) {
        this.queues = queues;
        this.tenants = tenants;
        this.formats = formats;
        this.validator = validator;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** A message read and checked: its envelope and its canonical form. */
    public record Read(InboundEnvelope envelope, PatientMessage message) {
    }

    /**
     * The routing headers as a transport gives them (JMS properties, HTTP X-Bridge-* headers).
     *
     * @param tenant              what the message says (the {@code tenant} property); may be null
     * @param authenticatedTenant who sent it: the broker user's tenant (stamped by the broker's divert), the API key's
     *                            tenant (HTTP); null for a message the bridge itself queued (then {@code tenant} is trusted)
     */
    public record Headers(String tenant, String authenticatedTenant, String ehrUserId, String clinicId, String messageId, String contentType,
                          String transportId) {
    }

    /**
     * First step of the ehr-inbound route, before anything reads the message. A message that came through the
     * broker's divert from ehr.inbound.&lt;tenant&gt; carries the broker's marks of its tenant (decision D24): it is an
     * EHR's, so every internal {@code bridge*} header it brought is dropped. A message without them was put on ehr.inbound by the bridge
     * itself (HTTP ingress, a parked-message replay): only the bridge's broker user may send there, so it is trusted.
     * Either way the sending tenant is remembered for a rejection answer.
     */
    public void admit(Exchange exchange) {
        Message in = exchange.getMessage();
        String viaAddress = tenantOfAddress(header(in, Queues.ORIGINAL_ADDRESS));
        InboundContext inbound = InboundContext.of(exchange);
        if (viaAddress != null) {
            inbound.admitted(viaAddress);
        }
        String authenticated = authenticatedTenant(in);
        if (authenticated != null) {
            List<String> internal = in.getHeaders().keySet().stream()
                    .filter(name -> name.regionMatches(true, 0, INTERNAL_PREFIX, 0, INTERNAL_PREFIX.length())).toList();
            internal.forEach(in::removeHeader);
            inbound.admitted(authenticated);
            return;
        }
        String named = header(in, "tenant");
        if (named == null && tenants.tenants().size() == 1) {
            named = tenants.tenants().iterator().next();
        }
        if (named != null && tenants.tenants().contains(named)) {
            inbound.admitted(named);
        }
    }

    /**
     * The tenant whose broker user sent the message, or null for a message the bridge itself queued. Two marks, both
     * set by the broker's divert from ehr.inbound.&lt;tenant&gt; whatever the sender wrote: the stamped
     * {@link Queues#AUTHENTICATED_TENANT} and the original address. They must agree; one without the other is refused.
     */
    private String authenticatedTenant(Message in) {
        String stamped = header(in, Queues.AUTHENTICATED_TENANT);
        String viaAddress = tenantOfAddress(header(in, Queues.ORIGINAL_ADDRESS));
        if (stamped == null && viaAddress == null) {
            return null;
        }
        if (stamped == null || !stamped.equals(viaAddress)) {
            throw new InvalidMessageException("tenant_unverified", "the broker's marks of the sending tenant are missing or disagree");
        }
        return stamped;
    }

    /** "acme" for ehr.inbound.acme when acme is a configured tenant; null for anything else. */
    private String tenantOfAddress(String address) {
        if (address == null || !address.startsWith(queues.getEhrInboundPrefix())) {
            return null;
        }
        String tenant = address.substring(queues.getEhrInboundPrefix().length());
        return tenants.tenants().contains(tenant) ? tenant : null;
    }

    public void read(Exchange exchange) {
        Message in = exchange.getMessage();
        String brokerMessageId = header(in, "JMSMessageID");
        Read read = read(in.getBody(String.class), new Headers(header(in, "tenant"), authenticatedTenant(in),
                header(in, "ehrUserId"), header(in, "clinicId"), header(in, "messageId"),
                firstNonBlank(header(in, "contentType"), header(in, Exchange.CONTENT_TYPE)), brokerMessageId));
        InboundContext inbound = InboundContext.of(exchange);
        inbound.read(read.envelope(), read.message());
        inbound.readFrom(brokerMessageId);
        inbound.carriedFrom(header(in, FIRST_STAGE_COPY));
        io.fullscriptbridge.fullscript.LogContext.enter(exchange, read.envelope().messageId());
        in.setHeader("tenant", read.envelope().tenant());
        in.setHeader("messageId", read.envelope().messageId());
        in.setHeader(MESSAGE_TYPE, read.message().type().wireName());
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
        if (body.length() > maxBodyBytes || body.getBytes(StandardCharsets.UTF_8).length > maxBodyBytes) {
            throw new InvalidMessageException("message_too_large", "the body is larger than " + maxBodyBytes + " bytes");
        }
        if (body.charAt(0) == BOM) {
            body = body.substring(1);
        }
        String tenant = tenantOf(headers);
        final String text = body;
        InboundFormat format = formats.stream().filter(f -> f.accepts(headers.contentType(), text)).findFirst()
                .orElseThrow(() -> new InvalidMessageException("unsupported_format",
                        "the body is neither canonical JSON, HL7 v2 nor FHIR R4"));
        PatientMessage message = format.parse(text);
        message = validator.validate(message);

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

    /** The authenticated tenant when there is one (a different {@code tenant} property is refused), else the named one. */
    private String tenantOf(Headers headers) {
        String authenticated = headers.authenticatedTenant();
        if (authenticated == null) {
            return tenants.resolve(headers.tenant());
        }
        if (headers.tenant() != null && !headers.tenant().equals(authenticated)) {
            throw new InvalidMessageException("tenant_mismatch", "the tenant property does not name the tenant of the broker user that sent it");
        }
        return tenants.resolve(authenticated);
    }

    /**
     * After a successful read in the ordered first stage: groups the message by patient for the concurrent second
     * stage (JMSXGroupID = tenant:ehrPatientId, so one patient's messages stay in order) and carries the reply queue
     * {@link ReplyDestinations} allowed, by name, to the answer at the end, and this stage's broker message id (D93).
     */
    public void groupByPatient(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        Message in = exchange.getMessage();
        in.setHeader("JMSXGroupID", envelope.tenant() + ":" + inbound.requiredMessage().ehrPatientId());
        in.removeHeader("JMSReplyTo");
        in.removeHeader(CARRIED_REPLY_TO);
        in.removeHeader(FIRST_STAGE_COPY);
        if (inbound.getBrokerMessageId() != null) {
            in.setHeader(FIRST_STAGE_COPY, inbound.getBrokerMessageId());
        }
        if (inbound.getReplyTo() != null) {
            in.setHeader(CARRIED_REPLY_TO, inbound.getReplyTo());
        }
    }

    private static String header(Message in, String name) {
        String value = in.getHeader(name, String.class);
        return value == null || value.isBlank() ? null : value.strip();
    }


    private static String firstNonBlank(String a, String b) {
        return a != null ? a : b;
    }
}

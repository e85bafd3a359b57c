package io.fullscriptbridge.ops;

import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundMessageReader;
import io.fullscriptbridge.ehr.PatientMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records each inbound message's progress (received, completed, invalid) by id. Writes are idempotent per
 * (tenant, direction, messageId): the broker may redeliver a message whose journal row already committed.
 */
@Component("messageJournal")
public class MessageJournal {

    static final String INBOUND = "inbound";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MessageJournal.class);

    private final JournalRepository repository;

    public MessageJournal(JournalRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public void received(@ExchangeProperty(InboundMessageReader.ENVELOPE) InboundEnvelope envelope,
                         @ExchangeProperty(InboundMessageReader.PATIENT_MESSAGE) PatientMessage message,
                         Exchange exchange) {
        JournalEntry entry = entry(envelope.tenant(), envelope.messageId(), exchange.getFromRouteId());
        entry.received(envelope.format(), message.type().wireName());
        repository.save(entry);
    }

    @Transactional
    public void completed(@ExchangeProperty(InboundMessageReader.ENVELOPE) InboundEnvelope envelope) {
        JournalEntry entry = entry(envelope.tenant(), envelope.messageId(), null);
        entry.completed();
        repository.save(entry);
    }

    /**
     * Called from the error handler, where the body and headers are the original message's again. The envelope
     * is missing when the headers themselves were wrong; then the raw headers name the message.
     */
    @Transactional
    public void invalid(@Header("errorCode") String errorCode, @Header("errorMessage") String errorMessage, Exchange exchange) {
        ended(JournalEntry.State.INVALID, errorCode, errorMessage, exchange);
    }

    /** The same tenant:messageId again (a re-send or a redelivery after completion): no second effect. */
    @Transactional
    public void duplicate(@ExchangeProperty(InboundMessageReader.ENVELOPE) InboundEnvelope envelope) {
        JournalEntry entry = entry(envelope.tenant(), envelope.messageId(), null);
        entry.duplicate();
        repository.save(entry);
        log.info("duplicate message skipped messageId={} tenant={}", envelope.messageId(), envelope.tenant());
    }

    /** The message waits for its user to connect. */
    @Transactional
    public void parked(Exchange exchange) {
        ended(JournalEntry.State.PARKED, "no_connection", null, exchange);
    }

    /** The user's integration is off: the EHR got integration.disabled. */
    @Transactional
    public void disabled(Exchange exchange) {
        ended(JournalEntry.State.DISABLED, "integration_disabled", null, exchange);
    }

    private void ended(JournalEntry.State state, String errorCode, String errorMessage, Exchange exchange) {
        InboundEnvelope envelope = exchange.getProperty(InboundMessageReader.ENVELOPE, InboundEnvelope.class);
        String tenant = envelope != null ? envelope.tenant() : exchange.getMessage().getHeader("tenant", "?", String.class);
        String messageId = envelope != null ? envelope.messageId()
                : exchange.getMessage().getHeader("messageId", exchange.getMessage().getHeader("JMSMessageID", String.class), String.class);
        if (messageId == null) {
            return;
        }
        JournalEntry entry = entry(tenant, messageId, exchange.getFromRouteId());
        entry.ended(state, errorCode, errorMessage);
        repository.save(entry);
    }

    private JournalEntry entry(String tenant, String messageId, String routeId) {
        return repository.findByTenantAndDirectionAndMessageId(tenant, INBOUND, messageId)
                .orElseGet(() -> new JournalEntry(messageId, tenant, INBOUND, routeId));
    }
}

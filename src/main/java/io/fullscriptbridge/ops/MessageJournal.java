package io.fullscriptbridge.ops;

import javax.sql.DataSource;

import io.fullscriptbridge.common.DatabaseTime;
import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.PatientMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
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

    static final String OUTBOUND = "outbound";

    private final JournalRepository repository;
    private final io.fullscriptbridge.oauth.TokenCipher cipher;
    private final int maxDeliveryAttempts;
    private final io.micrometer.core.instrument.MeterRegistry meters;
    private final JdbcTemplate jdbc;

    /**
     * Per route and outcome, the Mirth-style counts ops expect (D64): {@code bridge.inbound.messages{route,outcome}},
     * outcome one of answered, filtered (a known patient with nothing changed: no Fullscript call), review, invalid,
     * parked, disabled, dead_lettered.
     */
    static final String OUTCOMES = "bridge.inbound.messages";

    public MessageJournal(JournalRepository repository, io.fullscriptbridge.oauth.TokenCipher cipher,
                          io.fullscriptbridge.config.BrokerProperties broker, io.micrometer.core.instrument.MeterRegistry meters,
                          DataSource dataSource) {
        this.repository = repository;
        this.jdbc = new JdbcTemplate(dataSource);
        this.cipher = cipher;
        this.maxDeliveryAttempts = broker.getRedelivery().getMaxAttempts();
        this.meters = meters;
    }

    private void count(Exchange exchange, JournalEntry.State state) {
        String outcome = state == JournalEntry.State.UNCHANGED ? "filtered" : state.name().toLowerCase(java.util.Locale.ROOT);
        String route = exchange.getFromRouteId() == null ? "unknown" : exchange.getFromRouteId();
        meters.counter(OUTCOMES, "route", route, "outcome", outcome).increment();
    }

    /**
     * The searchable form of an EHR patient id: a keyed hash (HMAC under a key derived from the token key), so the
     * journal holds no medical record number in clear and the hash cannot be reversed by trying numbers without the
     * key. After a token key rotation new rows carry new hashes (D50).
     */
    public String patientHash(String tenant, String ehrPatientId) {
        return ehrPatientId == null || ehrPatientId.isBlank() ? null : cipher.fingerprint("journal-patient:" + tenant + ":" + ehrPatientId);
    }

    /**
     * First stage, after the fair share: one insert per message (D80); an existing row (an EHR's re-send, a redelivery,
     * a replay) counts one more attempt and is RECEIVED again unless it already ended answered.
     */
    public void received(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        PatientMessage message = inbound.requiredMessage();
        String patient = patientHash(envelope.tenant(), message.ehrPatientId());
        // a backlogged tenant's message is marked: the fair share counts the marked ones still in flight (D84)
        Integer sharePriority = inbound.isBacklogged() ? TenantFairShare.BACKLOGGED : null;
        try {
            jdbc.update("insert into message_journal (message_id, tenant, direction, route_id, format, message_type, state, attempts,"
                            + " received_at, ehr_patient_hash, replay_count, share_priority) values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, 0, ?)",
                    envelope.messageId(), envelope.tenant(), INBOUND, exchange.getFromRouteId(), envelope.format(),
                    message.type().wireName(), JournalEntry.State.RECEIVED.name(), DatabaseTime.utcNow(), patient, sharePriority);
            inbound.journalled(true, patient);
        } catch (DuplicateKeyException again) {
            inbound.journalled(false, patient);
            jdbc.update("update message_journal set format = ?, message_type = ?, attempts = attempts + 1,"
                            + " state = case when state in ('COMPLETED', 'ANSWERED', 'UNCHANGED', 'REVIEW') then state else 'RECEIVED' end,"
                            + " ehr_patient_hash = coalesce(?, ehr_patient_hash), share_priority = ?"
                            + " where tenant = ? and direction = ? and message_id = ?",
                    envelope.format(), message.type().wireName(), patient, sharePriority, envelope.tenant(), INBOUND, envelope.messageId());
        }
    }

    /**
     * After the answer went out (the message's headers are the published answer's: type; the body its JSON):
     * patient.review_required is REVIEW; a known patient whose demographics had not changed (the cross-index made no
     * Fullscript call, {@link InboundContext#isPatientUnchanged()}) is UNCHANGED; anything else
     * ANSWERED, each with how the patient was matched. One update of the row the first stage wrote (D80).
     */
    public void completed(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        String type = exchange.getMessage().getHeader("type", String.class);
        String matchedBy = null;
        JournalEntry.State state = JournalEntry.State.ANSWERED;
        if ("patient.review_required".equals(type)) {
            state = JournalEntry.State.REVIEW;
        } else {
            matchedBy = matchedBy(exchange.getMessage().getBody(String.class));
            if (inbound.isPatientUnchanged()) {
                state = JournalEntry.State.UNCHANGED;
            }
        }
        // the broker message that completed it (D91): a delivery of the same one later is a redelivery, whatever its flag
        String copy = inbound.getBrokerMessageId();
        int updated = jdbc.update("update message_journal set state = ?, matched_by = ?, error_code = null, error_message = null,"
                        + " completed_at = ?, completed_copy = ? where tenant = ? and direction = ? and message_id = ?",
                state.name(), matchedBy, DatabaseTime.utcNow(), copy, envelope.tenant(), INBOUND, envelope.messageId());
        if (updated == 0) {
            // no row from the first stage (removed by retention meanwhile): a row of its own
            JournalEntry entry = entry(envelope.tenant(), envelope.messageId(), null);
            entry.answered(state, matchedBy, copy);
            repository.save(entry);
        }
        count(exchange, state);
    }

    private static final java.util.regex.Pattern MATCHED_BY = java.util.regex.Pattern.compile("\"matchedBy\"\\s*:\\s*\"([a-z_]{1,32})\"");

    private static String matchedBy(String json) {
        if (json == null) {
            return null;
        }
        java.util.regex.Matcher m = MATCHED_BY.matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /**
     * A delivery failed for a reason the broker retries (the route does not handle it). On the last delivery the
     * broker allows ({@code JMSXDeliveryCount} = bridge.broker.redelivery.max-attempts) the broker moves the message to
     * DLQ.* right after this rollback, so the row says DEAD_LETTERED now (D50). Runs in its own database
     * transaction, which commits although the JMS session rolls back.
     */
    @Transactional
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (cause == null) {
            cause = exchange.getException();
        }
        String errorCode = cause instanceof io.fullscriptbridge.fullscript.FullscriptApiException f && f.getErrorCode() != null
                ? f.getErrorCode() : cause == null ? "unknown" : cause.getClass().getSimpleName();
        int deliveryCount = exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class);
        boolean last = deliveryCount >= maxDeliveryAttempts;
        InboundEnvelope envelope = InboundContext.envelopeOf(exchange);
        // before the read, the first stage knows only what admit verified (the broker's marks, or the bridge's own
        // send): never the sender's tenant property, as a replay trusts this row's tenant (D65). The second stage's
        // tenant header is the bridge's.
        String tenant = envelope != null ? envelope.tenant()
                : "ehr-inbound".equals(exchange.getFromRouteId()) ? InboundContext.find(exchange).map(InboundContext::getSender).orElse(null)
                : exchange.getMessage().getHeader("tenant", String.class);
        String messageId = envelope != null ? envelope.messageId() : exchange.getMessage().getHeader("messageId", String.class);
        if (tenant == null || messageId == null) {
            return;
        }
        JournalEntry entry = entry(tenant, messageId, exchange.getFromRouteId());
        // the exception's message may quote Fullscript's answer; keep only its class and code, never a body
        entry.failed(errorCode, cause == null ? null : cause.getClass().getSimpleName(), last, deliveryCount);
        repository.save(entry);
        if (last) {
            count(exchange, JournalEntry.State.DEAD_LETTERED);
        }
        log.warn("inbound message failed messageId={} tenant={} route={} errorCode={} delivery={}/{}{}", messageId, tenant,
                exchange.getFromRouteId(), errorCode, deliveryCount, maxDeliveryAttempts, last ? " dead-lettered" : "");
    }

    /** An admin replayed the message from a dead-letter queue. */
    @Transactional
    public void replayed(String tenant, String messageId) {
        repository.findByTenantAndDirectionAndMessageId(tenant, INBOUND, messageId).ifPresent(entry -> {
            entry.replayed();
            repository.save(entry);
        });
    }

    /** Each answer to an EHR (ehr-outbound): its own row, with the inbound messageId or event id it answers; one insert. */
    public void outbound(Exchange exchange) {
        io.fullscriptbridge.ehr.OutboundEvent event = exchange.getMessage().getBody(io.fullscriptbridge.ehr.OutboundEvent.class);
        if (event == null || event.id() == null || event.tenant() == null) {
            return;
        }
        java.time.OffsetDateTime now = DatabaseTime.utcNow();
        try {
            jdbc.update("insert into message_journal (message_id, tenant, direction, route_id, message_type, state, attempts,"
                            + " received_at, completed_at, correlation_id, replay_count) values (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, 0)",
                    event.id(), event.tenant(), OUTBOUND, "ehr-outbound", event.type(), JournalEntry.State.SENT.name(), now, now,
                    event.correlationId());
        } catch (DuplicateKeyException again) {
            jdbc.update("update message_journal set correlation_id = ?, message_type = ?, state = ?, attempts = 1, completed_at = ?"
                            + " where tenant = ? and direction = ? and message_id = ?",
                    event.correlationId(), event.type(), JournalEntry.State.SENT.name(), now, event.tenant(), OUTBOUND, event.id());
        }
    }

    /**
     * Called from the error handler, where the body and headers are the original message's again. The envelope
     * is missing when the headers themselves were wrong; then the raw headers name the message.
     */
    @Transactional
    public void invalid(@Header("errorCode") String errorCode, @Header("errorMessage") String errorMessage, Exchange exchange) {
        ended(JournalEntry.State.INVALID, errorCode, errorMessage, exchange);
    }

    /**
     * Second stage, for a message whose idempotency key exists (D17): is it an EHR's re-send of a message already done
     * (journalled, no second answer), or the same broker message that completed it, delivered again because the node or
     * the broker died between the key's database commit and the JMS commit that carried the answer (processed again,
     * which is idempotent, and answered: D56, D91)? The same broker message has the same JMSMessageID as the one the
     * journal recorded at completion; the broker's redelivered flag says so too, but a broker crash can lose it (its
     * delivery count is written without a disk sync). An EHR's re-send passed the first stage again, so its copy is a
     * new broker message. The first stage answers an unchanged patient itself (D93): the message it completed is the
     * first stage's, whose id the second stage's copy carries, so the same first-stage message read again after a crash
     * (its copy forwarded this time) is answered too.
     */
    public boolean isResend(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound, Exchange exchange) {
        if (!exchange.getProperty(Exchange.DUPLICATE_MESSAGE, false, Boolean.class)
                || exchange.getMessage().getHeader("JMSRedelivered", false, Boolean.class)) {
            return false;
        }
        String copy = inbound.getBrokerMessageId();
        // an unchanged patient the first stage answered was completed by the first stage's message (D93)
        String firstStageCopy = inbound.getFirstStageCopy() == null ? copy : inbound.getFirstStageCopy();
        InboundEnvelope envelope = inbound.requiredEnvelope();
        Integer same = copy == null ? 0 : jdbc.queryForObject("select count(*) from message_journal"
                        + " where tenant = ? and direction = ? and message_id = ? and completed_copy in (?, ?)",
                Integer.class, envelope.tenant(), INBOUND, envelope.messageId(), copy, firstStageCopy);
        return same == null || same == 0;
    }

    /**
     * The same tenant:messageId again (an EHR's re-send, {@link #isResend}): no second effect. Its arrival is already
     * counted in the row's attempts ({@link #received}, first stage); counting it here too made one re-send look like two
     * deliveries, which once misled a diagnosis (D91).
     */
    public void duplicate(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
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
        InboundEnvelope envelope = InboundContext.envelopeOf(exchange);
        String tenant = envelope != null ? envelope.tenant() : exchange.getMessage().getHeader("tenant", "?", String.class);
        String messageId = envelope != null ? envelope.messageId()
                : exchange.getMessage().getHeader("messageId", exchange.getMessage().getHeader("JMSMessageID", String.class), String.class);
        if (messageId == null) {
            return;
        }
        JournalEntry entry = entry(tenant, messageId, exchange.getFromRouteId());
        entry.ended(state, errorCode, errorMessage);
        repository.save(entry);
        count(exchange, state);
    }

    private JournalEntry entry(String tenant, String messageId, String routeId) {
        return repository.findByTenantAndDirectionAndMessageId(tenant, INBOUND, messageId)
                .orElseGet(() -> new JournalEntry(messageId, tenant, INBOUND, routeId));
    }
}

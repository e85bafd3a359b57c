package io.fullscriptbridge.crossindex;

import java.sql.Timestamp;
import java.time.Clock;

import javax.sql.DataSource;

import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.MessageType;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.fullscriptbridge.ehr.PatientMessage;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.incrementer.DataFieldMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.H2SequenceMaxValueIncrementer;
import org.springframework.jdbc.support.incrementer.PostgresSequenceMaxValueIncrementer;
import org.springframework.stereotype.Component;

/**
 * Per-patient order under redelivery (D72). Artemis gives a patient's group to one consumer at a time, but while one
 * message of the group waits for its redelivery (a transient failure, backoff) it delivers the next one: a patient's
 * older update could reach Fullscript after a newer one. So the first stage stamps every message with the next number
 * of one database sequence ({@link #INGRESS_SEQ}, in the order it reads them), and the second stage applies a
 * patient.upsert only when no newer upsert of that patient was applied; an older one is answered
 * {@code patient.superseded} and changes nothing.
 */
@Component("patientOrderGuard")
public class PatientOrderGuard {

    /** The message header carrying the ingress number, from the first stage to the second (bridge-internal: admit drops an EHR's). */
    public static final String INGRESS_SEQ = "bridgeIngressSeq";

    private static final Logger log = LoggerFactory.getLogger(PatientOrderGuard.class);

    /** data of patient.superseded. */
    public record Superseded(String ehrPatientId, String reason) {
    }

    private final JdbcTemplate jdbc;
    private final DataFieldMaxValueIncrementer sequence;
    private final Clock clock;

    public PatientOrderGuard(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.sequence = incrementer(dataSource);
        this.clock = clock;
    }

    private static DataFieldMaxValueIncrementer incrementer(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, "getDatabaseProductName");
            return "PostgreSQL".equals(product)
                    ? new PostgresSequenceMaxValueIncrementer(dataSource, "bridge_ingress_seq")
                    : new H2SequenceMaxValueIncrementer(dataSource, "bridge_ingress_seq");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the database product", e);
        }
    }

    /** First stage: the message's ingress number, unless the bridge already gave it one (a parked message's replay). */
    public void stamp(Exchange exchange) {
        if (exchange.getMessage().getHeader(INGRESS_SEQ) == null) {
            exchange.getMessage().setHeader(INGRESS_SEQ, sequence.nextLongValue());
        }
    }

    /**
     * First stage: whether another message of this patient is still on its way through the bridge (journalled and not
     * ended: RECEIVED, also while it waits for a redelivery, or REPLAYED). The patient's hash is the journal's (D50).
     * An unchanged patient is answered in the first stage only when none is (D93): the per-patient stage may be
     * applying an older message right now, and an answer from outside the patient's group would not wait for it.
     */
    public boolean anotherInFlight(String tenant, String messageId, String patientHash) {
        Integer others = jdbc.queryForObject("select count(*) from message_journal where ehr_patient_hash = ? and tenant = ?"
                        + " and direction = 'inbound' and state in ('RECEIVED', 'REPLAYED') and message_id <> ?",
                Integer.class, patientHash, tenant, messageId);
        return others == null || others > 0;
    }

    /** Second stage: whether a newer upsert of this patient than this message has already been applied. */
    public boolean superseded(Exchange exchange) {
        Long seq = exchange.getMessage().getHeader(INGRESS_SEQ, Long.class);
        PatientMessage message = InboundContext.find(exchange).map(InboundContext::getMessage).orElse(null);
        InboundEnvelope envelope = InboundContext.find(exchange).map(InboundContext::getEnvelope).orElse(null);
        if (seq == null || message == null || envelope == null || message.type() != MessageType.PATIENT_UPSERT) {
            return false;
        }
        Long last = jdbc.query("select last_seq from patient_applied_order where tenant = ? and ehr_patient_id = ?",
                rs -> rs.next() ? rs.getLong(1) : null, envelope.tenant(), message.ehrPatientId());
        boolean older = last != null && last > seq;
        if (older) {
            log.info("older message not applied messageId={} tenant={} ingressSeq={} lastApplied={}", envelope.messageId(),
                    envelope.tenant(), seq, last);
        }
        return older;
    }

    /** The answer to a superseded message. */
    public OutboundEvent answer(Exchange exchange) {
        PatientMessage message = InboundContext.find(exchange).map(InboundContext::getMessage).orElse(null);
        InboundEnvelope envelope = InboundContext.find(exchange).map(InboundContext::getEnvelope).orElse(null);
        return OutboundEvent.of("patient.superseded", envelope.messageId(), envelope.tenant(),
                new Superseded(message.ehrPatientId(), "newer_message_applied"));
    }

    /**
     * Second stage, right after the cross-index answered (the body is its answer): when the upsert was applied in
     * Fullscript (patient.linked), this patient's newest applied number is now at least this message's.
     */
    public void applied(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof OutboundEvent answer) || !"patient.linked".equals(answer.type())) {
            return;
        }
        Long seq = exchange.getMessage().getHeader(INGRESS_SEQ, Long.class);
        PatientMessage message = InboundContext.find(exchange).map(InboundContext::getMessage).orElse(null);
        InboundEnvelope envelope = InboundContext.find(exchange).map(InboundContext::getEnvelope).orElse(null);
        if (seq == null || message == null || envelope == null || message.type() != MessageType.PATIENT_UPSERT) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.update("update patient_applied_order set last_seq = ?, applied_at = ? where tenant = ? and ehr_patient_id = ? and last_seq < ?",
                seq, now, envelope.tenant(), message.ehrPatientId(), seq);
        if (updated == 0) {
            try {
                jdbc.update("insert into patient_applied_order (tenant, ehr_patient_id, last_seq, applied_at) values (?, ?, ?, ?)",
                        envelope.tenant(), message.ehrPatientId(), seq, now);
            } catch (DuplicateKeyException e) {
                // a row with this number or a newer one exists already
            }
        }
    }
}

package io.fullscriptbridge.ops;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One message in the journal: ids, state and timings, never the body. */
@Entity
@Table(name = "message_journal")
public class JournalEntry {

    public enum State {
        /** read and validated, handed to the per-patient stage */
        RECEIVED,
        /** processed before D50 (kept for old rows); new rows end ANSWERED, UNCHANGED or REVIEW */
        COMPLETED,
        /** unusable: on ehr.inbound.invalid, the sender got message.rejected */
        INVALID,
        /** waiting for the user to connect */
        PARKED,
        /** the user's integration is switched off: answered, not processed */
        DISABLED,
        /** linked in Fullscript (created, matched or updated) and answered */
        ANSWERED,
        /** a known patient whose demographics had not changed: answered without a change in Fullscript */
        UNCHANGED,
        /** a match an admin must decide: patient.review_required was answered */
        REVIEW,
        /** failed on the last delivery the broker allows: the message is on DLQ.* */
        DEAD_LETTERED,
        /** an admin sent it back from DLQ.* to its queue; it ends again in one of the states above */
        REPLAYED,
        /** an answer (outbound row) handed to the broker for the EHR */
        SENT
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "message_id", nullable = false)
    private String messageId;
    @Column(nullable = false)
    private String tenant;
    @Column(nullable = false)
    private String direction;
    @Column(name = "route_id")
    private String routeId;
    private String format;
    @Column(name = "message_type")
    private String messageType;
    @Column(nullable = false)
    private String state;
    private int attempts;
    @Column(name = "error_code")
    private String errorCode;
    @Column(name = "error_message")
    private String errorMessage;
    @Column(name = "received_at", nullable = false)
    private Instant receivedAt;
    @Column(name = "completed_at")
    private Instant completedAt;
    @Column(name = "correlation_id")
    private String correlationId;
    @Column(name = "ehr_patient_hash")
    private String ehrPatientHash;
    @Column(name = "matched_by")
    private String matchedBy;
    /** The broker message that completed it (D91): written by the journal's own update, or by the insert of a new row. */
    @Column(name = "completed_copy", updatable = false)
    private String completedCopy;
    @Column(name = "dead_lettered_at")
    private Instant deadLetteredAt;
    @Column(name = "replayed_at")
    private Instant replayedAt;
    @Column(name = "replay_count")
    private int replayCount;

    protected JournalEntry() {
    }

    JournalEntry(String messageId, String tenant, String direction, String routeId) {
        this.messageId = messageId;
        this.tenant = tenant;
        this.direction = direction;
        this.routeId = routeId;
        this.state = State.RECEIVED.name();
        this.attempts = 0;
        this.receivedAt = Instant.now();
    }

    void answered(State state, String matchedBy, String completedCopy) {
        this.state = state.name();
        this.matchedBy = matchedBy;
        this.completedCopy = completedCopy;
        this.errorCode = null;
        this.errorMessage = null;
        this.completedAt = Instant.now();
    }

    /** A failed delivery; on the broker's last allowed delivery the message is dead-lettered. */
    void failed(String errorCode, String errorMessage, boolean lastDelivery, int deliveryCount) {
        this.attempts = Math.max(this.attempts, deliveryCount);
        this.errorCode = errorCode;
        this.errorMessage = errorMessage == null ? null : errorMessage.substring(0, Math.min(1000, errorMessage.length()));
        if (lastDelivery) {
            this.state = State.DEAD_LETTERED.name();
            this.deadLetteredAt = Instant.now();
            this.completedAt = this.deadLetteredAt;
        }
    }

    void replayed() {
        this.state = State.REPLAYED.name();
        this.replayCount++;
        this.replayedAt = Instant.now();
        this.completedAt = null;
    }

    void ended(State state, String errorCode, String errorMessage) {
        this.state = state.name();
        this.errorCode = errorCode;
        this.errorMessage = errorMessage == null ? null : errorMessage.substring(0, Math.min(1000, errorMessage.length()));
        this.completedAt = Instant.now();
    }

    public Long getId() { return id; }
    public String getMessageId() { return messageId; }
    public String getTenant() { return tenant; }
    public String getDirection() { return direction; }
    public String getRouteId() { return routeId; }
    public String getFormat() { return format; }
    public String getMessageType() { return messageType; }
    public String getState() { return state; }
    public int getAttempts() { return attempts; }
    public String getErrorCode() { return errorCode; }
    public String getErrorMessage() { return errorMessage; }
    public Instant getReceivedAt() { return receivedAt; }
    public Instant getCompletedAt() { return completedAt; }
    public String getCorrelationId() { return correlationId; }
    public String getEhrPatientHash() { return ehrPatientHash; }
    public String getMatchedBy() { return matchedBy; }
    public Instant getDeadLetteredAt() { return deadLetteredAt; }
    public Instant getReplayedAt() { return replayedAt; }
    public int getReplayCount() { return replayCount; }
}

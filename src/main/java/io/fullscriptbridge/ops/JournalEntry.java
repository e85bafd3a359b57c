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
        RECEIVED, COMPLETED, INVALID,
        /** waiting for the user to connect */
        PARKED,
        /** the user's integration is switched off: answered, not processed */
        DISABLED
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

    void received(String format, String messageType) {
        this.format = format;
        this.messageType = messageType;
        this.attempts++;
        if (!State.COMPLETED.name().equals(state)) {
            this.state = State.RECEIVED.name();
        }
    }

    void duplicate() {
        this.attempts++;
    }

    void completed() {
        this.state = State.COMPLETED.name();
        this.errorCode = null;
        this.errorMessage = null;
        this.completedAt = Instant.now();
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
}

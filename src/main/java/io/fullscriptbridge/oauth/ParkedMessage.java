package io.fullscriptbridge.oauth;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An inbound message waiting for its user to connect (or reconnect). The body is sealed: it is PHI. */
@Entity
@Table(name = "parked_message")
public class ParkedMessage {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String tenant;
    @Column(name = "ehr_user_id", nullable = false)
    private String ehrUserId;
    @Column(name = "message_id", nullable = false)
    private String messageId;
    @Column(nullable = false)
    private String reason;
    @Column(name = "headers_json", nullable = false)
    private String headersJson;
    @Column(name = "body_enc", nullable = false)
    private String bodySealed;
    @Column(name = "parked_at", nullable = false)
    private Instant parkedAt;
    @Column(name = "replayed_at")
    private Instant replayedAt;

    protected ParkedMessage() {
    }

    public ParkedMessage(String tenant, String ehrUserId, String messageId, String reason, String headersJson, String bodySealed) {
        this.tenant = tenant;
        this.ehrUserId = ehrUserId;
        this.messageId = messageId;
        this.reason = reason;
        this.headersJson = headersJson;
        this.bodySealed = bodySealed;
        this.parkedAt = Instant.now();
    }

    /** Replayed, and still no usable connection: waiting again for the next connect. */
    void parkedAgain(String reason) {
        this.reason = reason;
        this.replayedAt = null;
        this.parkedAt = Instant.now();
    }

    void replayed() {
        this.replayedAt = Instant.now();
    }

    public Long getId() { return id; }
    public String getTenant() { return tenant; }
    public String getEhrUserId() { return ehrUserId; }
    public String getMessageId() { return messageId; }
    public String getReason() { return reason; }
    String getHeadersJson() { return headersJson; }
    String getBodySealed() { return bodySealed; }
    public Instant getParkedAt() { return parkedAt; }
    public Instant getReplayedAt() { return replayedAt; }
}

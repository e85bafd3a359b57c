package io.fullscriptbridge.crossindex;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A link the bridge would not make on its own; holds the sealed message that raised it. */
@Entity
@Table(name = "review_item")
public class ReviewItem {

    public enum Status { OPEN, RESOLVED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String tenant;
    @Column(name = "ehr_patient_id", nullable = false)
    private String ehrPatientId;
    @Column(name = "clinic_id", nullable = false)
    private String clinicId;
    @Column(name = "ehr_user_id", nullable = false)
    private String ehrUserId;
    @Column(name = "message_id", nullable = false)
    private String messageId;
    @Column(nullable = false)
    private String reason;
    @Column(name = "candidate_ids", nullable = false)
    private String candidateIds;
    @Column(name = "message_enc", nullable = false)
    private String messageSealed;
    @Column(nullable = false)
    private String status;
    private String resolution;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "resolved_at")
    private Instant resolvedAt;

    protected ReviewItem() {
    }

    public ReviewItem(String tenant, String ehrPatientId, String clinicId, String ehrUserId) {
        this.tenant = tenant;
        this.ehrPatientId = ehrPatientId;
        this.clinicId = clinicId;
        this.ehrUserId = ehrUserId;
        this.status = Status.OPEN.name();
        this.createdAt = Instant.now();
    }

    /** The latest message about the patient replaces an earlier one: resolving uses the newest demographics. */
    void raisedBy(String messageId, String ehrUserId, String reason, String candidateIds, String messageSealed) {
        this.messageId = messageId;
        this.ehrUserId = ehrUserId;
        this.reason = reason;
        this.candidateIds = candidateIds;
        this.messageSealed = messageSealed;
    }

    void resolved(String resolution) {
        this.status = Status.RESOLVED.name();
        this.resolution = resolution;
        this.resolvedAt = Instant.now();
    }

    public Long getId() { return id; }
    public String getTenant() { return tenant; }
    public String getEhrPatientId() { return ehrPatientId; }
    public String getClinicId() { return clinicId; }
    public String getEhrUserId() { return ehrUserId; }
    public String getMessageId() { return messageId; }
    public String getReason() { return reason; }
    public String getCandidateIds() { return candidateIds; }
    String getMessageSealed() { return messageSealed; }
    public String getStatus() { return status; }
    public String getResolution() { return resolution; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getResolvedAt() { return resolvedAt; }
}

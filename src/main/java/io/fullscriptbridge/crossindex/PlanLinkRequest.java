package io.fullscriptbridge.crossindex;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A treatment_plan.link that named an EHR encounter, waiting for the plan Fullscript will create. */
@Entity
@Table(name = "plan_link_request")
public class PlanLinkRequest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String tenant;
    @Column(name = "ehr_user_id", nullable = false)
    private String ehrUserId;
    @Column(name = "ehr_patient_id", nullable = false)
    private String ehrPatientId;
    @Column(name = "clinic_id", nullable = false)
    private String clinicId;
    @Column(name = "fullscript_patient_id", nullable = false)
    private String fullscriptPatientId;
    @Column(name = "practitioner_id", nullable = false)
    private String practitionerId;
    @Column(name = "encounter_id", nullable = false)
    private String encounterId;
    @Column(name = "message_id", nullable = false)
    private String messageId;
    @Column(name = "requested_at", nullable = false)
    private Instant requestedAt;
    @Column(name = "treatment_plan_id")
    private String treatmentPlanId;

    protected PlanLinkRequest() {
    }

    public PlanLinkRequest(String tenant, String ehrUserId, String ehrPatientId, String clinicId, String fullscriptPatientId, String practitionerId,
                           String encounterId, String messageId) {
        this.tenant = tenant;
        this.ehrUserId = ehrUserId;
        this.ehrPatientId = ehrPatientId;
        this.clinicId = clinicId;
        this.fullscriptPatientId = fullscriptPatientId;
        this.practitionerId = practitionerId;
        this.encounterId = encounterId;
        this.messageId = messageId;
        this.requestedAt = Instant.now();
    }

    /** The plan Fullscript created for this request. */
    public void matched(String treatmentPlanId) {
        this.treatmentPlanId = treatmentPlanId;
    }

    public Long getId() { return id; }
    public String getEhrUserId() { return ehrUserId; }
    public String getTenant() { return tenant; }
    public String getEhrPatientId() { return ehrPatientId; }
    public String getClinicId() { return clinicId; }
    public String getFullscriptPatientId() { return fullscriptPatientId; }
    public String getPractitionerId() { return practitionerId; }
    public String getEncounterId() { return encounterId; }
    public String getMessageId() { return messageId; }
    public Instant getRequestedAt() { return requestedAt; }
    public String getTreatmentPlanId() { return treatmentPlanId; }
}

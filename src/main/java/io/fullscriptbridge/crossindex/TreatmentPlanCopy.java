package io.fullscriptbridge.crossindex;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** The bridge's sealed copy of one Fullscript treatment plan. */
@Entity
@Table(name = "treatment_plan_copy")
@IdClass(TreatmentPlanCopy.Key.class)
public class TreatmentPlanCopy {

    @Id
    @Column(name = "clinic_id")
    private String clinicId;
    @Id
    @Column(name = "treatment_plan_id")
    private String treatmentPlanId;
    @Column(name = "fullscript_patient_id", nullable = false)
    private String fullscriptPatientId;
    private String state;
    @Column(name = "plan_enc", nullable = false)
    private String planSealed;
    @Column(name = "plan_hash", nullable = false)
    private String planHash;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected TreatmentPlanCopy() {
    }

    public TreatmentPlanCopy(String clinicId, String treatmentPlanId, String fullscriptPatientId) {
        this.clinicId = clinicId;
        this.treatmentPlanId = treatmentPlanId;
        this.fullscriptPatientId = fullscriptPatientId;
    }

    /** @return whether the plan differs from the stored copy */
    boolean store(String state, String sealed, String hash) {
        boolean changed = !hash.equals(planHash);
        this.state = state;
        this.planSealed = sealed;
        this.planHash = hash;
        this.updatedAt = Instant.now();
        return changed;
    }

    public String getClinicId() { return clinicId; }
    public String getTreatmentPlanId() { return treatmentPlanId; }
    public String getFullscriptPatientId() { return fullscriptPatientId; }
    public String getState() { return state; }
    String getPlanSealed() { return planSealed; }
    public String getPlanHash() { return planHash; }
    public Instant getUpdatedAt() { return updatedAt; }

    public static class Key implements Serializable {
        private String clinicId;
        private String treatmentPlanId;

        public Key() {
        }

        public Key(String clinicId, String treatmentPlanId) {
            this.clinicId = clinicId;
            this.treatmentPlanId = treatmentPlanId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(clinicId, k.clinicId) && Objects.equals(treatmentPlanId, k.treatmentPlanId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(clinicId, treatmentPlanId);
        }
    }
}

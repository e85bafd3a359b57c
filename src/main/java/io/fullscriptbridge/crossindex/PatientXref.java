package io.fullscriptbridge.crossindex;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One EHR patient ↔ one Fullscript patient in one clinic, with how the link was made. */
@Entity
@Table(name = "patient_xref")
public class PatientXref {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(nullable = false)
    private String tenant;
    @Column(name = "ehr_patient_id", nullable = false)
    private String ehrPatientId;
    @Column(name = "clinic_id", nullable = false)
    private String clinicId;
    @Column(name = "fullscript_patient_id", nullable = false)
    private String fullscriptPatientId;
    @Column(name = "matched_by", nullable = false)
    private String matchedBy;
    @Column(name = "field_hashes", nullable = false)
    private String fieldHashes;
    @Column(name = "created_at", nullable = false)
    private Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PatientXref() {
    }

    public PatientXref(String tenant, String ehrPatientId, String clinicId, String fullscriptPatientId, String matchedBy, String fieldHashes) {
        this.tenant = tenant;
        this.ehrPatientId = ehrPatientId;
        this.clinicId = clinicId;
        this.fullscriptPatientId = fullscriptPatientId;
        this.matchedBy = matchedBy;
        this.fieldHashes = fieldHashes;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
    }

    /** ADT A40: the prior EHR id's entry now belongs to the surviving id. */
    void mergedInto(String survivingEhrPatientId) {
        this.ehrPatientId = survivingEhrPatientId;
        this.matchedBy = "merge";
        this.updatedAt = Instant.now();
    }

    public Long getId() { return id; }
    public String getTenant() { return tenant; }
    public String getEhrPatientId() { return ehrPatientId; }
    public String getClinicId() { return clinicId; }
    public String getFullscriptPatientId() { return fullscriptPatientId; }
    public String getMatchedBy() { return matchedBy; }
    public String getFieldHashes() { return fieldHashes; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
}

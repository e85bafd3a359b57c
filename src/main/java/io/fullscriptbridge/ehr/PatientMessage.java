package io.fullscriptbridge.ehr;

/**
 * The canonical inbound message every format is parsed into.
 *
 * @param type        what the EHR asks for
 * @param patient     the patient's demographics (patient.upsert), or only the id (treatment_plan.link)
 * @param encounterId the EHR encounter a treatment_plan.link belongs to, if any
 */
public record PatientMessage(MessageType type, PatientDemographics patient, String encounterId) {

    public String ehrPatientId() {
        return patient.id();
    }
}

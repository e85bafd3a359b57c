package io.fullscriptbridge.ehr;

/**
 * The canonical inbound message every format is parsed into.
 *
 * @param type            what the EHR asks for
 * @param patient         the patient's demographics (patient.upsert), or only the id (treatment_plan.link)
 * @param encounterId     the EHR encounter a treatment_plan.link belongs to, if any
 * @param sourceMessageId the id the message carries in its own body (HL7 v2: MSH-10), or null; a candidate
 *                        messageId when the routing headers name none (design §4)
 */
public record PatientMessage(MessageType type, PatientDemographics patient, String encounterId, String sourceMessageId) {

    public PatientMessage(MessageType type, PatientDemographics patient, String encounterId) {
        this(type, patient, encounterId, null);
    }

    public String ehrPatientId() {
        return patient.id();
    }
}

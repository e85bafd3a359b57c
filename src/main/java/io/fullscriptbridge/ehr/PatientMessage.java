package io.fullscriptbridge.ehr;

import java.util.List;

/**
 * The canonical inbound message every format is parsed into.
 *
 * @param type            what the EHR asks for
 * @param patient         the patient's demographics (patient.upsert, patient.merge: the surviving patient), or only
 *                        the id (treatment_plan.link)
 * @param encounterId     the EHR encounter a treatment_plan.link belongs to, if any
 * @param sourceMessageId the id the message carries in its own body (HL7 v2: MSH-10), or null; a candidate
 *                        messageId when the routing headers name none (design §4)
 * @param warnings        optional fields that were unusable and left out (never their values)
 * @param priorPatientId  patient.merge (HL7 A40 MRG-1): the EHR id merged into {@code patient.id()}; else null
 */
public record PatientMessage(MessageType type, PatientDemographics patient, String encounterId, String sourceMessageId,
                             List<FieldWarning> warnings, String priorPatientId) {

    public PatientMessage {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public PatientMessage(MessageType type, PatientDemographics patient, String encounterId, String sourceMessageId) {
        this(type, patient, encounterId, sourceMessageId, List.of(), null);
    }

    public PatientMessage(MessageType type, PatientDemographics patient, String encounterId) {
        this(type, patient, encounterId, null);
    }

    public String ehrPatientId() {
        return patient.id();
    }

    public PatientMessage with(PatientDemographics cleaned, List<FieldWarning> allWarnings) {
        return new PatientMessage(type, cleaned, encounterId, sourceMessageId, allWarnings, priorPatientId);
    }
}

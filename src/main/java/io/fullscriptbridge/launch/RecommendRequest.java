package io.fullscriptbridge.launch;

import static io.fullscriptbridge.common.Text.blankToNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a verified "Recommend with Fullscript" link asks for, besides its tenant and user.
 *
 * @param patientId             the EHR patient (required)
 * @param encounterId           the EHR encounter the plan belongs to, or null
 * @param practitionerEhrUserId for a staff user: the EHR user id of the practitioner the plan is written for, or null
 */
public record RecommendRequest(String patientId, String encounterId, String practitionerEhrUserId) {

    static final String ACTION = "recommend";
    static final String PATIENT_ID = "patientId";
    static final String ENCOUNTER_ID = "encounterId";
    static final String PRACTITIONER = "practitionerEhrUserId";

    public RecommendRequest {
        encounterId = blankToNull(encounterId);
        practitionerEhrUserId = blankToNull(practitionerEhrUserId);
    }

    /**
     * The link's own signed fields in their fixed order, after the common ones: patientId, encounterId (empty when
     * absent), then practitionerEhrUserId only when present.
     */
    public Map<String, String> signedFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(PATIENT_ID, patientId);
        fields.put(ENCOUNTER_ID, encounterId);
        if (practitionerEhrUserId != null) {
            fields.put(PRACTITIONER, practitionerEhrUserId);
        }
        return fields;
    }

    static RecommendRequest of(Map<String, String> fields) {
        return new RecommendRequest(fields.get(PATIENT_ID), fields.get(ENCOUNTER_ID), fields.get(PRACTITIONER));
    }

}

package io.fullscriptbridge.ehr;

import java.time.Instant;
import java.util.UUID;

/**
 * Every message the bridge sends to an EHR on ehr.outbound.&lt;tenant&gt;: one envelope, the payload in {@code data}.
 *
 * @param type          patient.linked, patient.review_required, authorization.required, fullscript.&lt;event&gt; …
 * @param id            this message's own id
 * @param correlationId the inbound messageId (or Fullscript event id) it answers
 */
public record OutboundEvent(String type, String id, String correlationId, String tenant, Instant occurredAt, Object data) {

    public static OutboundEvent of(String type, String correlationId, String tenant, Object data) {
        return new OutboundEvent(type, UUID.randomUUID().toString(), correlationId, tenant, Instant.now(), data);
    }

    /** data of patient.linked; warnings: optional fields left out (field and reason, never the value) */
    public record PatientLinked(String ehrPatientId, String clinicId, String fullscriptPatientId, String matchedBy,
                                java.util.List<FieldWarning> warnings) {

        public PatientLinked {
            warnings = warnings == null ? java.util.List.of() : java.util.List.copyOf(warnings);
        }

        public PatientLinked(String ehrPatientId, String clinicId, String fullscriptPatientId, String matchedBy) {
            this(ehrPatientId, clinicId, fullscriptPatientId, matchedBy, java.util.List.of());
        }
    }

    /**
     * data of patient.not_linked: nothing was linked and nothing waits for an admin. reason: email_required (a new
     * patient: the next message with an email creates it), unknown_patient (a merge of ids the bridge never linked).
     */
    public record PatientNotLinked(String ehrPatientId, String clinicId, String reason, java.util.List<FieldWarning> warnings) {

        public PatientNotLinked {
            warnings = warnings == null ? java.util.List.of() : java.util.List.copyOf(warnings);
        }
    }
}

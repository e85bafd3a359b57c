package io.fullscriptbridge.ehr;

/**
 * Who sent an inbound message and on whose behalf: the routing headers of design §4.
 *
 * @param tenant    the EHR customer
 * @param ehrUserId the practitioner or staff member acting (their Fullscript connection is used)
 * @param clinicId  picks a connection when the user is connected to several clinics; may be null
 * @param messageId unique per message; the idempotency key
 * @param format    the detected body format (json, hl7v2, fhir)
 */
public record InboundEnvelope(String tenant, String ehrUserId, String clinicId, String messageId, String format) {
}

package io.fullscriptbridge.oauth;

/**
 * The EHR user on whose behalf Fullscript is called; their own OAuth connection is used.
 *
 * @param clinicId picks the connection when the user is connected to several clinics; may be null
 */
public record ActingUser(String tenant, String ehrUserId, String clinicId) {
}

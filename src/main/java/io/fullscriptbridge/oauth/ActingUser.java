package io.fullscriptbridge.oauth;

/**
 * The EHR user on whose behalf Fullscript is called; their own OAuth connection is used.
 *
 * @param clinicId    picks the connection when the user is connected to several clinics; may be null
 * @param presetToken a token to use as is (the connect flow's first call, before a connection exists); else null
 */
public record ActingUser(String tenant, String ehrUserId, String clinicId, AccessToken presetToken) {

    public ActingUser(String tenant, String ehrUserId, String clinicId) {
        this(tenant, ehrUserId, clinicId, null);
    }

    public static ActingUser withToken(String tenant, String ehrUserId, AccessToken token) {
        return new ActingUser(tenant, ehrUserId, token.clinicId(), token);
    }
}

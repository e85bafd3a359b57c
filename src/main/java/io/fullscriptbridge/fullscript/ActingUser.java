package io.fullscriptbridge.fullscript;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The EHR user on whose behalf Fullscript is called; their own OAuth connection is used.
 *
 * <p>One instance is made per flow (a message, a link request) and passed to each of its Fullscript calls: the token
 * resolved for its first call is remembered here ({@link #resolvedToken()}), so the connection is read once per
 * flow, not once per call; a refresh after a 401 replaces it for the calls that follow.
 *
 * @param clinicId    picks the connection when the user is connected to several clinics; may be null
 * @param presetToken a token to use as is (the connect flow's first call, before a connection exists); else null
 * @param resolved    the token this flow's calls use, once resolved (not part of equality)
 */
public record ActingUser(String tenant, String ehrUserId, String clinicId, AccessToken presetToken,
                         AtomicReference<AccessToken> resolved) {

    public ActingUser(String tenant, String ehrUserId, String clinicId) {
        this(tenant, ehrUserId, clinicId, null);
    }

    public ActingUser(String tenant, String ehrUserId, String clinicId, AccessToken presetToken) {
        this(tenant, ehrUserId, clinicId, presetToken, new AtomicReference<>());
    }

    public static ActingUser withToken(String tenant, String ehrUserId, AccessToken token) {
        return new ActingUser(tenant, ehrUserId, token.clinicId(), token);
    }

    /** The token an earlier call of this flow resolved or refreshed; null before the first call. */
    public AccessToken resolvedToken() {
        return resolved.get();
    }

    /** This flow's token: the one already resolved, else the provider's, remembered for the flow's later calls. */
    public AccessToken token(AccessTokenProvider tokens) {
        AccessToken token = resolved.get();
        if (token == null) {
            token = tokens.tokenFor(this);
            resolved.set(token);
        }
        return token;
    }

    public void remember(AccessToken token) {
        resolved.set(token);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ActingUser u && Objects.equals(tenant, u.tenant) && Objects.equals(ehrUserId, u.ehrUserId)
                && Objects.equals(clinicId, u.clinicId) && Objects.equals(presetToken, u.presetToken);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, ehrUserId, clinicId, presetToken);
    }

    @Override
    public String toString() {
        return "ActingUser[tenant=" + tenant + ", ehrUserId=" + ehrUserId + ", clinicId=" + clinicId + "]";
    }
}

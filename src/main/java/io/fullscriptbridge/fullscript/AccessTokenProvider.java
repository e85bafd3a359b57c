package io.fullscriptbridge.fullscript;

/**
 * Finds the token to act with for a user: the seam between the Fullscript API route and the OAuth connections:
 * declared here, beside the calls that need it, and implemented by the oauth package (which depends on this one).
 */
public interface AccessTokenProvider {

    /**
     * A token that is valid now (refreshed first when it expires within the configured margin).
     *
     * @throws RuntimeException the implementation's own when the user has no usable connection (the OAuth side
     *                          throws its NoConnectionException, which the fullscript-api route lets through)
     */
    AccessToken tokenFor(ActingUser user);

    /**
     * The token {@link #tokenFor} would give without any call to Fullscript, or empty when it would refresh first,
     * throw (no usable connection, several clinics and none named) or the user's integration is off. For a step that
     * may only go on when nothing needs Fullscript (an unchanged patient answered in the first stage, D93).
     */
    java.util.Optional<AccessToken> tokenWithoutCall(ActingUser user);

    /**
     * Fullscript answered 401 to {@code rejected}: refresh the connection now and return the new token, which the
     * route uses for exactly one retry.
     *
     * @throws RuntimeException when the user must reconnect (the refresh failed with invalid_grant)
     */
    AccessToken refreshAfterRejection(ActingUser user, AccessToken rejected);
}

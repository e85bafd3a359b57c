package io.fullscriptbridge.oauth;

/**
 * Finds the token to act with for a user: the seam between the Fullscript API route and the OAuth connections.
 */
public interface AccessTokenProvider {

    /**
     * A token that is valid now (refreshed first when it expires within the configured margin).
     *
     * @throws NoConnectionException when the user has no usable connection (or several and no clinicId)
     */
    AccessToken tokenFor(ActingUser user);

    /**
     * Fullscript answered 401 to {@code rejected}: refresh the connection now and return the new token, which the
     * route uses for exactly one retry.
     *
     * @throws NoConnectionException when the user must reconnect (the refresh failed with invalid_grant)
     */
    default AccessToken refreshAfterRejection(ActingUser user, AccessToken rejected) {
        throw new NoConnectionException("reauthorization_required",
                "Fullscript rejected the token of connection " + rejected.connectionId() + " and it cannot be refreshed");
    }
}

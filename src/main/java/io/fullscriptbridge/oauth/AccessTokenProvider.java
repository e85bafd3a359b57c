package io.fullscriptbridge.oauth;

/**
 * Finds the token to act with for a user: the seam between the Fullscript API route and the OAuth connections.
 */
public interface AccessTokenProvider {

    /**
     * @throws NoConnectionException when the user has no usable connection (or several and no clinicId)
     */
    AccessToken tokenFor(ActingUser user);
}

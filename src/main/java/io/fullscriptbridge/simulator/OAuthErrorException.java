package io.fullscriptbridge.simulator;

import org.springframework.http.HttpStatus;

/** An OAuth error answered in the RFC 6749 shape {@code {"error": "...", "error_description": "..."}}. */
public class OAuthErrorException extends RuntimeException {

    static final String INVALID_GRANT_DESCRIPTION = "The provided authorization grant is invalid, expired, revoked, "
            + "does not match the redirection URI used in the authorization request, or was issued to another client.";

    private final HttpStatus status;
    private final String error;
    private final String description;

    public OAuthErrorException(HttpStatus status, String error, String description) {
        super(error + ": " + description);
        this.status = status;
        this.error = error;
        this.description = description;
    }

    static OAuthErrorException invalidGrant() {
        return new OAuthErrorException(HttpStatus.BAD_REQUEST, "invalid_grant", INVALID_GRANT_DESCRIPTION);
    }

    static OAuthErrorException invalidClient() {
        return new OAuthErrorException(HttpStatus.UNAUTHORIZED, "invalid_client",
                "Client authentication failed due to unknown client, no client authentication included, "
                        + "or unsupported authentication method.");
    }

    static OAuthErrorException invalidRequest(String description) {
        return new OAuthErrorException(HttpStatus.BAD_REQUEST, "invalid_request", description);
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    public String description() {
        return description;
    }
}

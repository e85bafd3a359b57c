package io.fullscriptbridge.oauth;

/** Fullscript refused a code or refresh token (invalid_grant): the user must authorize again. */
public class InvalidGrantException extends RuntimeException {

    public InvalidGrantException(String message) {
        super(message);
    }
}

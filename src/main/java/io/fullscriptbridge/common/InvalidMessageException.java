package io.fullscriptbridge.common;

import java.util.List;

/**
 * An inbound message that no retry can fix: it goes to ehr.inbound.invalid with its reason and its original body.
 * Messages name fields, never their values (the values are PHI).
 */
public class InvalidMessageException extends RuntimeException {

    private final String errorCode;
    private final List<String> errors;

    public InvalidMessageException(String errorCode, List<String> errors) {
        super(errorCode + ": " + String.join("; ", errors));
        this.errorCode = errorCode;
        this.errors = List.copyOf(errors);
    }

    public InvalidMessageException(String errorCode, String error) {
        this(errorCode, List.of(error));
    }

    public String getErrorCode() {
        return errorCode;
    }

    public List<String> getErrors() {
        return errors;
    }

    /** The reason in one line, for the errorMessage header. */
    public String getErrorMessage() {
        return String.join("; ", errors);
    }
}

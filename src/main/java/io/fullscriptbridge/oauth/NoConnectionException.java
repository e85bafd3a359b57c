package io.fullscriptbridge.oauth;

/** The acting user has no usable Fullscript connection: they must connect (or name a clinic). */
public class NoConnectionException extends RuntimeException {

    private final String errorCode;

    public NoConnectionException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public String getErrorCode() {
        return errorCode;
    }

    public String getErrorMessage() {
        return getMessage();
    }
}

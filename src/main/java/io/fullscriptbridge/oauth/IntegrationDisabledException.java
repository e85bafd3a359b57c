package io.fullscriptbridge.oauth;

/** The user (or an admin) switched the integration off for this user: their messages are answered, not processed. */
public class IntegrationDisabledException extends RuntimeException {

    public IntegrationDisabledException(String tenant, String ehrUserId) {
        super("the Fullscript integration is disabled for user " + ehrUserId + " of tenant " + tenant);
    }

    public String getErrorCode() {
        return "integration_disabled";
    }

    public String getErrorMessage() {
        return getMessage();
    }
}

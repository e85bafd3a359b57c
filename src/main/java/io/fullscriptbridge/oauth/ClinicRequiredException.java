package io.fullscriptbridge.oauth;

/** The user is connected to several clinics and the message did not say which: it needs a clinicId header. */
public class ClinicRequiredException extends RuntimeException {

    public ClinicRequiredException(String tenant, String ehrUserId) {
        super("user " + ehrUserId + " of tenant " + tenant + " is connected to several clinics: set the clinicId header");
    }

    public String getErrorCode() {
        return "clinic_required";
    }

    public String getErrorMessage() {
        return getMessage();
    }
}

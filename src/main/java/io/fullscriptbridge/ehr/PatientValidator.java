package io.fullscriptbridge.ehr;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Checks a parsed patient against what Fullscript needs (email, first and last name to create a patient)
 * and against the shapes Fullscript accepts. Every format runs through it, so one patient gets one verdict
 * whatever format it came in. Errors name the field, never its value.
 */
@Component
public class PatientValidator {

    /** RFC 5321: a forward-path holds at most 254 characters of address. */
    static final int MAX_EMAIL_LENGTH = 254;
    private static final List<String> GENDERS = List.of("male", "female", "x");

    public void validate(PatientMessage message) {
        List<String> errors = new ArrayList<>();
        PatientDemographics p = message.patient();
        if (p == null || isBlank(p.id())) {
            errors.add("patient.id is required");
        }
        if (p != null && message.type() == MessageType.PATIENT_UPSERT) {
            if (isBlank(p.firstName())) {
                errors.add("patient.firstName is required");
            }
            if (isBlank(p.lastName())) {
                errors.add("patient.lastName is required");
            }
            if (isBlank(p.email())) {
                errors.add("patient.email is required");
            } else if (p.email().length() > MAX_EMAIL_LENGTH) {
                errors.add("patient.email is too long");
            } else if (!looksLikeEmail(p.email())) {
                errors.add("patient.email is not an email address");
            }
            if (p.dateOfBirth() != null && p.dateOfBirth().isAfter(LocalDate.now())) {
                errors.add("patient.dateOfBirth is in the future");
            }
            if (p.gender() != null && !GENDERS.contains(p.gender().toLowerCase(Locale.ROOT))) {
                errors.add("patient.gender must be male, female or x");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidMessageException("validation_failed", errors);
        }
    }

    /**
     * Fullscript's own rule is unknown; this rejects what no mail server would take: one '@', something before it,
     * a domain with a dot neither first nor last, no whitespace. One pass, no regex, so no input can make it slow
     * (the regex it replaces backtracked quadratically on a long dotless domain).
     */
    static boolean looksLikeEmail(String email) {
        int at = email.indexOf('@');
        if (at <= 0 || at != email.lastIndexOf('@')) {
            return false;
        }
        for (int i = 0; i < email.length(); i++) {
            if (Character.isWhitespace(email.charAt(i))) {
                return false;
            }
        }
        int dot = email.indexOf('.', at + 2);
        return dot > 0 && dot < email.length() - 1;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}

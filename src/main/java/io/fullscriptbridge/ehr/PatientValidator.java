package io.fullscriptbridge.ehr;

import io.fullscriptbridge.common.InvalidMessageException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * Checks a parsed patient's identity (id, first and last name) and drops the optional fields Fullscript would not
 * accept, with a warning each (decision D45); email is optional here, as the matcher needs it only to create. Every format runs through it, so one patient gets one verdict
 * whatever format it came in. Errors name the field, never its value.
 */
@Component
public class PatientValidator {

    /** RFC 5321: a forward-path holds at most 254 characters of address. */
    static final int MAX_EMAIL_LENGTH = 254;
    private static final List<String> GENDERS = List.of("male", "female", "x");

    /**
     * @return the message to use: unusable optional fields (email, birth date, gender) left out, with a
     *         {@link FieldWarning} each added to those the format already found
     * @throws InvalidMessageException when the identity is missing: the patient id, or first or last name of an
     *                                 upsert, or the prior id of a merge
     */
    public PatientMessage validate(PatientMessage message) {
        List<String> errors = new ArrayList<>();
        PatientDemographics p = message.patient();
        if (p == null || isBlank(p.id())) {
            errors.add("patient.id is required");
        }
        if (message.type() == MessageType.PATIENT_MERGE && isBlank(message.priorPatientId())) {
            errors.add("the prior patient id (HL7 MRG-1) is required");
        }
        if (p == null || message.type() == MessageType.TREATMENT_PLAN_LINK) {
            if (!errors.isEmpty()) {
                throw new InvalidMessageException("validation_failed", errors);
            }
            return message;
        }
        if (message.type() == MessageType.PATIENT_UPSERT) {
            if (isBlank(p.firstName())) {
                errors.add("patient.firstName is required");
            }
            if (isBlank(p.lastName())) {
                errors.add("patient.lastName is required");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidMessageException("validation_failed", errors);
        }
        List<FieldWarning> warnings = new ArrayList<>(message.warnings());
        // email is needed only to create a Fullscript patient (the matcher answers email_required then)
        String email = p.email();
        if (!isBlank(email) && email.length() > MAX_EMAIL_LENGTH) {
            warnings.add(new FieldWarning("email", "too_long"));
            email = null;
        } else if (!isBlank(email) && !looksLikeEmail(email)) {
            warnings.add(new FieldWarning("email", "not_an_email"));
            email = null;
        }
        LocalDate dateOfBirth = p.dateOfBirth();
        if (dateOfBirth != null && dateOfBirth.isAfter(LocalDate.now())) {
            warnings.add(new FieldWarning("dateOfBirth", "in_the_future"));
            dateOfBirth = null;
        }
        String gender = p.gender();
        if (gender != null && !GENDERS.contains(gender.toLowerCase(Locale.ROOT))) {
            warnings.add(new FieldWarning("gender", "unknown_code"));
            gender = null;
        }
        PatientDemographics cleaned = new PatientDemographics(p.id(), p.firstName(), p.lastName(), isBlank(email) ? null : email,
                dateOfBirth, gender == null ? null : gender.toLowerCase(Locale.ROOT), p.mobile());
        return message.with(cleaned, warnings);
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

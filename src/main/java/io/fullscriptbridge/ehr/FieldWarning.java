package io.fullscriptbridge.ehr;

/**
 * An optional field the bridge could not use and left out (decision D45): the patient synced without it. Names the
 * field and why, never its value (PHI).
 *
 * @param field  the canonical field name: mobile, dateOfBirth, gender, email
 * @param reason not_a_phone_number, not_a_date, not_a_full_date, in_the_future, unknown_code, not_an_email, too_long
 */
public record FieldWarning(String field, String reason) {
}

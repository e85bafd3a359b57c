package io.fullscriptbridge.simulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A patient of one clinic. Immutable snapshot.
 *
 * @param guardianId        set on dependents: the patient id of their guardian (only the seed creates these)
 * @param welcomeEmailSent  whether Fullscript would have sent its welcome email on creation
 *                          (admin view only; not part of the API representation)
 */
public record SimPatient(
        String id,
        String clinicId,
        String firstName,
        String lastName,
        String email,
        LocalDate dateOfBirth,
        String gender,
        String mobileNumber,
        BigDecimal discount,
        boolean textMessageNotification,
        boolean archived,
        String metadataId,
        String guardianId,
        boolean welcomeEmailSent,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isDependent() {
        return guardianId != null;
    }
}

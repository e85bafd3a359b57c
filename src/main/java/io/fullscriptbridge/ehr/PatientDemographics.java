package io.fullscriptbridge.ehr;

import java.time.LocalDate;

/**
 * One EHR patient as every inbound format (canonical JSON, HL7 v2 ADT, FHIR R4) reads it.
 * {@code id} is the EHR's own patient id; gender is Fullscript's vocabulary (male, female, x) or null;
 * mobile is in +1… (E.164) form or null. This is PHI: never log it, log the id.
 */
public record PatientDemographics(
        String id,
        String firstName,
        String lastName,
        String email,
        LocalDate dateOfBirth,
        String gender,
        String mobile) {

    @Override
    public String toString() {
        return "PatientDemographics[id=" + id + "]";
    }
}

package io.fullscriptbridge.ehr;

import io.fullscriptbridge.common.InvalidMessageException;

/** One way an EHR may write a patient message. Each turns its bodies into the canonical {@link PatientMessage}. */
public interface InboundFormat {

    /** Short name recorded in the envelope and the journal: json, hl7v2, fhir. */
    String name();

    /** Whether this format reads the body, judged by content type when given, else by sniffing. */
    boolean accepts(String contentType, String body);

    /** @throws InvalidMessageException when the body cannot be read or misses what the contract needs */
    PatientMessage parse(String body);
}

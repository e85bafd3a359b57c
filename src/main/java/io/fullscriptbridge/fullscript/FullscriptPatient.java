package io.fullscriptbridge.fullscript;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A Fullscript patient as the API reads and writes it (shared/fullscript-api.md §4). Unknown fields are ignored:
 * Fullscript adds response keys without notice. PHI: {@link #toString()} shows only ids.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FullscriptPatient(
        String id,
        String firstName,
        String lastName,
        String email,
        String dateOfBirth,
        String gender,
        String mobileNumber,
        Boolean sendWelcomeEmail,
        Metadata metadata) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Metadata(String id) {
    }

    @Override
    public String toString() {
        return "FullscriptPatient[id=" + id + ", metadata=" + (metadata == null ? null : metadata.id()) + "]";
    }
}

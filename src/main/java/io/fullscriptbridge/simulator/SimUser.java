package io.fullscriptbridge.simulator;

import java.time.Instant;

/**
 * A practitioner or staff record. Each record belongs to exactly one clinic, so it is also the OAuth
 * "membership": a person in two clinics has two records (same email) and can authorize as either.
 * Immutable snapshot.
 */
public record SimUser(
        String id,
        String clinicId,
        Type type,
        String firstName,
        String lastName,
        String email,
        String practitionerTypeId,
        boolean inviteAccepted,
        String metadataId,
        Instant createdAt,
        Instant updatedAt) {

    public enum Type {
        PRACTITIONER("Practitioner", "practitioner"),
        STAFF("Staff", "staff");

        private final String resourceOwnerType;
        private final String metadataType;

        Type(String resourceOwnerType, String metadataType) {
            this.resourceOwnerType = resourceOwnerType;
            this.metadataType = metadataType;
        }

        /** Value of {@code resource_owner.type} in token responses. */
        public String resourceOwnerType() {
            return resourceOwnerType;
        }

        /** Value of {@code type} on the metadata endpoint. */
        public String metadataType() {
            return metadataType;
        }
    }

    public String displayName() {
        return (type == Type.PRACTITIONER ? "Dr. " : "") + firstName + " " + lastName;
    }

    SimUser withProfile(String newEmail, String newFirstName, String newLastName, String newMetadataId, Instant now) {
        return new SimUser(id, clinicId, type, newFirstName, newLastName, newEmail, practitionerTypeId,
                inviteAccepted, newMetadataId, createdAt, now);
    }
}

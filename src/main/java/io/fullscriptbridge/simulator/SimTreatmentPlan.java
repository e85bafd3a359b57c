package io.fullscriptbridge.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A treatment plan of one patient, written by one practitioner, in one clinic. Immutable snapshot.
 *
 * @param availableAt when the plan was first activated (sent to the patient); {@code null} while a draft
 */
public record SimTreatmentPlan(
        String id,
        String clinicId,
        String patientId,
        String practitionerId,
        State state,
        String personalMessage,
        List<SimRecommendation> recommendations,
        String metadataId,
        Instant availableAt,
        Instant createdAt,
        Instant updatedAt) {

    public SimTreatmentPlan {
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
    }

    public enum State {
        DRAFT, ACTIVE, CANCELLED;

        /** The API value: {@code draft}, {@code active}, {@code cancelled}. */
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @return the state for an API value (case-insensitive), or empty */
        public static Optional<State> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            for (State s : values()) {
                if (s.value().equalsIgnoreCase(value.trim())) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    public boolean active() {
        return state == State.ACTIVE;
    }

    SimTreatmentPlan with(State newState, String newPersonalMessage, List<SimRecommendation> newRecommendations,
                          String newMetadataId, Instant newAvailableAt, Instant newUpdatedAt) {
        return new SimTreatmentPlan(id, clinicId, patientId, practitionerId, newState, newPersonalMessage,
                newRecommendations, newMetadataId, newAvailableAt, createdAt, newUpdatedAt);
    }
}

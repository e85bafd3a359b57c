package io.fullscriptbridge.simulator;

import java.util.List;

/**
 * One product recommendation of a treatment plan, with Fullscript's fields (variant_id, units_to_purchase, refill,
 * take_with, dosage). Immutable snapshot.
 */
public record SimRecommendation(String variantId, int unitsToPurchase, boolean refill, String takeWith,
                                Dosage dosage) {

    public SimRecommendation {
        if (variantId == null || variantId.isBlank()) {
            throw new IllegalArgumentException("variantId is required");
        }
    }

    /** Dosage instructions; every field is free text except {@code timeOfDay} (e.g. {@code ["morning"]}). */
    public record Dosage(String amount, String frequency, String duration, String additionalInfo, String format,
                         List<String> timeOfDay) {
        public Dosage {
            timeOfDay = timeOfDay == null ? List.of() : List.copyOf(timeOfDay);
        }
    }

    /** A plain recommendation: {@code units} units of a variant, no refill, no dosage. */
    public static SimRecommendation of(String variantId, int units) {
        return new SimRecommendation(variantId, units, false, null, null);
    }

    /** What a practitioner picks on the simulated Fullscript page when nothing else is said. */
    static SimRecommendation sample() {
        return new SimRecommendation(SimulatorSeed.SAMPLE_VARIANT_ID, 1, false, "with food",
                new Dosage("1 capsule", "twice a day", "3 months", null, "capsule", List.of("morning", "evening")));
    }
}

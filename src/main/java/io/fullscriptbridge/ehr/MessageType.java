package io.fullscriptbridge.ehr;

import java.util.Arrays;
import java.util.Optional;

/** The inbound message types of the canonical contract (design §4). */
public enum MessageType {
    PATIENT_UPSERT("patient.upsert"),
    TREATMENT_PLAN_LINK("treatment_plan.link"),
    /** HL7 ADT A40: the prior patient id (MRG-1) was merged into the surviving one (PID-3). */
    PATIENT_MERGE("patient.merge");

    private final String wireName;

    MessageType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<MessageType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}

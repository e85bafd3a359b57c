package io.fullscriptbridge.simulator;

import java.time.Instant;

/**
 * One Fullscript event of a clinic (see {@link SimulatorEvents}). Immutable snapshot.
 *
 * @param type     e.g. {@code patient.updated}, {@code treatment_plan.created}, {@code order.placed}
 * @param objectId the id of the patient, treatment plan or order the event is about
 * @param data     the event's {@code data} in API form: {@code {"patient": {...}}}, {@code {"treatment_plan": {...}}},
 *                 or the order itself for {@code order.placed}
 */
public record SimEvent(String id, String type, Instant createdAt, String clinicId, String objectId, Object data) {

    /** The category endpoint this event is listed under: {@code patients}, {@code treatment_plans}, {@code orders}. */
    public String category() {
        return SimulatorEvents.categoryOf(type);
    }

    SimEvent withCreatedAt(Instant newCreatedAt) {
        return new SimEvent(id, type, newCreatedAt, clinicId, objectId, data);
    }
}

package io.fullscriptbridge.simulator;

import java.time.Instant;

/**
 * One change of simulator state, handed to {@link SimulatorChangeListener}s. The events log
 * ({@link SimulatorEvents}) builds on it: Fullscript raises no event for changes an app makes through the REST API,
 * so {@link Origin#API} changes are ignored there, while changes made "in the Fullscript web app"
 * ({@link Origin#PORTAL}: {@link SimulatorPortal}, completed dynamic links) become events.
 *
 * @param type     Fullscript event type naming, e.g. {@code patient.created}, {@code patient.updated},
 *                 {@code practitioner.updated}, {@code staff.updated}, {@code treatment_plan.created},
 *                 {@code treatment_plan.updated}, {@code order.placed}
 * @param before   the snapshot before the change ({@code null} on create)
 * @param after    the snapshot after the change ({@link SimPatient}, {@link SimUser}, {@link SimTreatmentPlan},
 *                 {@link SimOrder})
 */
public record SimulatorChange(String type, String clinicId, String objectId, Origin origin, Instant occurredAt,
                              Object before, Object after) {

    public enum Origin {
        /** Made through the simulated REST API by an integration. */
        API,
        /** Made by a user in the (simulated) Fullscript web app. */
        PORTAL
    }
}

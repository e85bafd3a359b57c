package io.fullscriptbridge.simulator;

import java.time.Instant;

/**
 * One change of simulator state, handed to {@link SimulatorChangeListener}s. This is the hook the events endpoints
 * and webhooks will build on: Fullscript raises no event for changes an app makes through the REST API, so
 * {@link Origin#API} changes will be ignored there, while changes made "in the Fullscript web app"
 * ({@link Origin#PORTAL}, e.g. through future admin endpoints) will become events.
 *
 * @param type     Fullscript event type naming, e.g. {@code patient.created}, {@code patient.updated},
 *                 {@code practitioner.updated}, {@code staff.updated}
 * @param before   the snapshot before the change ({@code null} on create)
 * @param after    the snapshot after the change
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

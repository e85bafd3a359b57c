package io.fullscriptbridge.simulator;

import java.time.Instant;

/**
 * A Fullscript Redirect link ("dynamic link"): {@code redirect_url} = {@code <server>/simulator/fullscript/redirect/<token>}.
 * Immutable snapshot.
 *
 * @param patientId       {@code null} when the practitioner picks the patient on the page
 * @param treatmentPlanId the plan an edit link opens, or the plan the link produced once completed
 * @param completedAt     when the practitioner sent the plan; a completed link reopens the same plan
 */
public record SimDynamicLink(String token, Kind kind, String clinicId, String practitionerId, String patientId,
                             String entrypoint, String treatmentPlanId, Instant createdAt, Instant completedAt) {

    public enum Kind {
        /** {@code POST /api/clinic/dynamic_links/treatment_plans} (or its GET, without a patient). */
        NEW_PLAN,
        /** {@code POST /api/clinic/dynamic_links/gateway/treatment_plans}: with patient matching. */
        GATEWAY,
        /** {@code GET /api/clinic/dynamic_links/treatment_plans/{id}}: opens an existing draft or active plan. */
        EDIT
    }

    public boolean completed() {
        return completedAt != null;
    }

    SimDynamicLink completedWith(String planId, Instant at) {
        return new SimDynamicLink(token, kind, clinicId, practitionerId, patientId, entrypoint, planId, createdAt, at);
    }
}

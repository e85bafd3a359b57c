package io.fullscriptbridge.crossindex;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptRequest;
import io.fullscriptbridge.fullscript.ActingUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Treatment plans are cross-indexed by the EHR encounter that asked for them: the first new plan for the patient
 * and practitioner after a treatment_plan.link that named an encounter gets the encounter id as its
 * {@code metadata.id} (one PATCH), and every later event about the plan carries it.
 */
@Component
public class TreatmentPlanEncounters {

    private static final Logger log = LoggerFactory.getLogger(TreatmentPlanEncounters.class);

    private final PlanLinkRequestRepository requests;
    private final FullscriptApi fullscript;
    private final io.micrometer.core.instrument.MeterRegistry meters;

    public TreatmentPlanEncounters(PlanLinkRequestRepository requests, FullscriptApi fullscript,
                                   io.micrometer.core.instrument.MeterRegistry meters) {
        this.requests = requests;
        this.fullscript = fullscript;
        this.meters = meters;
    }

    /**
     * @return the EHR encounter id of the plan an event is about, linking a newly created plan first. The bridge's own
     *         link is what counts; labelling the plan in Fullscript (metadata PATCH) is best effort (decision D47):
     *         its failure is logged and counted, never the event's.
     */
    public Optional<String> encounterOf(String clinicId, String eventType, JsonNode plan) {
        String planId = plan.path("id").asText(null);
        if (planId == null) {
            return Optional.empty();
        }
        List<PlanLinkRequest> known = requests.findByClinicIdAndTreatmentPlanId(clinicId, planId);
        if (!known.isEmpty()) {
            return Optional.of(known.get(0).getEncounterId());
        }
        if (!"treatment_plan.created".equals(eventType)) {
            return Optional.empty();
        }
        List<PlanLinkRequest> waiting = requests.findByClinicIdAndFullscriptPatientIdAndPractitionerIdAndTreatmentPlanIdIsNullOrderById(
                clinicId, plan.path("patient").path("id").asText(""), plan.path("practitioner").path("id").asText(""));
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        PlanLinkRequest request = waiting.get(0);
        request.matched(planId);
        requests.save(request);
        try {
            fullscript.call(FullscriptRequest.send(new ActingUser(request.getTenant(), request.getEhrUserId(), clinicId), "PATCH",
                    "/api/clinic/treatment_plans/{id}", "/api/clinic/treatment_plans/" + planId,
                    Map.of("metadata", Map.of("id", request.getEncounterId()))));
        } catch (RuntimeException e) {
            meters.counter("bridge.treatment_plans.encounter_label.failed").increment();
            log.warn("treatment plan encounter label not written in Fullscript (best effort) treatmentPlanId={} clinicId={} error={}",
                    planId, clinicId, e instanceof io.fullscriptbridge.fullscript.FullscriptApiException f ? f.getErrorCode() : e.getClass().getSimpleName());
        }
        log.info("treatment plan linked to its encounter treatmentPlanId={} clinicId={} requestMessageId={}", planId, clinicId, request.getMessageId());
        return Optional.of(request.getEncounterId());
    }
}

package io.fullscriptbridge.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Simulated treatment-plan endpoints: list a patient's plans, retrieve, PATCH, and the restricted create.
 * Changes made here are API changes: they raise no events.
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/clinic")
public class SimulatorTreatmentPlanController {

    /** Fullscript: "This endpoint is restricted ... not available for general use". */
    static final String RESTRICTED = "This endpoint is restricted and is not available for general use. "
            + "Contact Fullscript to request access.";

    private final SimulatorState state;
    private final SimulatorProperties properties;

    public SimulatorTreatmentPlanController(SimulatorState state, SimulatorProperties properties) {
        this.state = state;
        this.properties = properties;
    }

    @GetMapping("/patients/{patientId}/treatment_plans")
    public Map<String, Object> list(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                    @PathVariable("patientId") String patientId,
                                    @RequestParam(name = "sort_by", required = false) String sortBy,
                                    @RequestParam(name = "order_by", required = false) String orderBy,
                                    @RequestParam(name = "page[number]", required = false) String pageNumber,
                                    @RequestParam(name = "page[size]", required = false) String pageSize) {
        state.patient(caller.clinicId(), patientId).orElseThrow(SimulatorApiException::notFound);
        List<SimTreatmentPlan> sorted = Sorting.sort(state.treatmentPlans(caller.clinicId(), patientId), sortBy,
                orderBy, "created_at", Map.of(
                        "created_at", Comparator.comparing(SimTreatmentPlan::createdAt),
                        "updated_at", Comparator.comparing(SimTreatmentPlan::updatedAt)));
        Pagination page = Pagination.of(pageNumber, pageSize);
        return page.page("treatment_plans", sorted, SimulatorJson.TreatmentPlan::of);
    }

    /**
     * Restricted at Fullscript: 403 unless {@code bridge.simulator.allow-treatment-plan-create}. When allowed:
     * {@code practitioner_id} is required for Staff tokens (a Practitioner's defaults to itself), {@code state}
     * draft|active (default active), {@code recommendations} required; 201 {@code {"treatment_plan": {...}}}.
     */
    @PostMapping("/patients/{patientId}/treatment_plans")
    public ResponseEntity<Map<String, Object>> create(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                                      @PathVariable("patientId") String patientId,
                                                      @RequestBody(required = false) JsonNode body) {
        if (!properties.allowTreatmentPlanCreate()) {
            throw new SimulatorApiException(HttpStatus.FORBIDDEN, List.of(RESTRICTED));
        }
        TreatmentPlanChanges changes = TreatmentPlanChanges.of(RequestBodies.attributes(body, "treatment_plan"));
        List<String> errors = new ArrayList<>(changes.errors);
        SimTreatmentPlan.State planState = null;
        if (changes.state != null && !changes.state.isBlank()) {
            planState = SimTreatmentPlan.State.parse(changes.state).orElse(null);
            if (planState == null && !errors.contains("State is not included in the list")) {
                errors.add("State is not included in the list");
            }
        }
        String practitionerId = changes.practitionerId;
        if ((practitionerId == null || practitionerId.isBlank())
                && caller.resourceOwnerType() == SimUser.Type.PRACTITIONER) {
            practitionerId = caller.resourceOwnerId();
        }
        SimTreatmentPlan plan = state.createTreatmentPlan(caller.clinicId(), patientId, practitionerId, planState,
                changes.personalMessage, changes.recommendations, changes.metadataId, true,
                SimulatorChange.Origin.API, errors);
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("treatment_plan", SimulatorJson.TreatmentPlan.of(plan)));
    }

    @GetMapping("/treatment_plans/{id}")
    public Map<String, Object> retrieve(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                        @PathVariable("id") String id) {
        SimTreatmentPlan plan = state.treatmentPlan(caller.clinicId(), id).orElseThrow(SimulatorApiException::notFound);
        return Map.of("treatment_plan", SimulatorJson.TreatmentPlan.of(plan));
    }

    /** {@code personal_message}, {@code recommendations} (replaces the list), {@code metadata}. */
    @PatchMapping("/treatment_plans/{id}")
    public Map<String, Object> update(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                      @PathVariable("id") String id,
                                      @RequestBody(required = false) JsonNode body) {
        TreatmentPlanChanges changes = TreatmentPlanChanges.of(RequestBodies.attributes(body, "treatment_plan"));
        SimTreatmentPlan plan = state.updateTreatmentPlan(caller.clinicId(), id, changes, SimulatorChange.Origin.API);
        return Map.of("treatment_plan", SimulatorJson.TreatmentPlan.of(plan));
    }
}

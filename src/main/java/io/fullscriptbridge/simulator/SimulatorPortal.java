package io.fullscriptbridge.simulator;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * What practitioners, staff and patients do in Fullscript's own web app, as opposed to what an integration does
 * through the REST API. Every change made here is a {@link SimulatorChange.Origin#PORTAL} change and therefore
 * becomes an event ({@link SimulatorEvents}) and a webhook ({@link SimulatorWebhooks}).
 *
 * <p>The Java API for tests in any package; {@code /simulator/admin/portal/**} exposes the same over HTTP. Errors
 * are {@link SimulatorApiException}s: 404 for an unknown clinic, patient or plan, 422 (Fullscript's messages) for
 * invalid input.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorPortal {

    private static final SimulatorChange.Origin PORTAL = SimulatorChange.Origin.PORTAL;

    private final SimulatorState state;
    private final SimulatorDynamicLinks dynamicLinks;
    private final ObjectMapper objectMapper;

    public SimulatorPortal(SimulatorState state, SimulatorDynamicLinks dynamicLinks, ObjectMapper objectMapper) {
        this.state = state;
        this.dynamicLinks = dynamicLinks;
        this.objectMapper = objectMapper;
    }

    /**
     * A practitioner adds a patient. {@code fields} use the API's names: {@code email}, {@code first_name},
     * {@code last_name} (required), {@code date_of_birth}, {@code gender}, {@code mobile_number}, {@code discount},
     * {@code send_welcome_email}, {@code metadata} ({@code Map.of("id", ...)}). Raises {@code patient.created}.
     */
    public SimPatient createPatient(String clinicId, Map<String, ?> fields) {
        return createPatient(clinicId, toObject(fields));
    }

    SimPatient createPatient(String clinicId, ObjectNode fields) {
        return state.createPatient(clinicId, PatientChanges.of(fields), PORTAL);
    }

    /** A practitioner edits a patient (PATCH semantics, API field names). Raises {@code patient.updated}. */
    public SimPatient updatePatient(String patientId, Map<String, ?> fields) {
        return updatePatient(patientId, toObject(fields));
    }

    SimPatient updatePatient(String patientId, ObjectNode fields) {
        SimPatient patient = state.patient(patientId).orElseThrow(SimulatorApiException::notFound);
        return state.updatePatient(patient.clinicId(), patientId, PatientChanges.of(fields), PORTAL);
    }

    /**
     * A practitioner writes a treatment plan. {@code planState} {@code null} = {@code DRAFT} (plans are written as
     * drafts and then activated); {@code ACTIVE} sends it at once. Raises {@code treatment_plan.created}.
     */
    public SimTreatmentPlan createTreatmentPlan(String clinicId, String patientId, String practitionerId,
                                                SimTreatmentPlan.State planState,
                                                List<SimRecommendation> recommendations) {
        return createTreatmentPlan(clinicId, patientId, practitionerId, planState, recommendations, null);
    }

    public SimTreatmentPlan createTreatmentPlan(String clinicId, String patientId, String practitionerId,
                                                SimTreatmentPlan.State planState,
                                                List<SimRecommendation> recommendations, String personalMessage) {
        return state.createTreatmentPlan(clinicId, patientId, practitionerId,
                planState == null ? SimTreatmentPlan.State.DRAFT : planState, personalMessage,
                recommendations == null ? List.of() : recommendations, null, false, PORTAL);
    }

    /** Draft → active (no change, and no event, when already active). Raises {@code treatment_plan.updated}. */
    public SimTreatmentPlan activateTreatmentPlan(String planId) {
        return state.changeTreatmentPlanState(null, planId, SimTreatmentPlan.State.ACTIVE, PORTAL);
    }

    /** Draft or active → cancelled. Raises {@code treatment_plan.updated}. */
    public SimTreatmentPlan cancelTreatmentPlan(String planId) {
        return state.changeTreatmentPlanState(null, planId, SimTreatmentPlan.State.CANCELLED, PORTAL);
    }

    /**
     * The patient checks out. Empty {@code practitionerIds} = the plans' practitioners; empty {@code lineItems} =
     * the plans' recommendations. Raises {@code order.placed} (its {@code data} is the order itself).
     */
    public SimOrder placeOrder(String clinicId, String patientId, List<String> treatmentPlanIds,
                               List<String> practitionerIds, List<SimOrder.LineItem> lineItems) {
        return state.placeOrder(clinicId, patientId, treatmentPlanIds, practitionerIds, lineItems, PORTAL);
    }

    /**
     * The practitioner opens a dynamic link ({@code redirect_url} or its token, see
     * {@link SimulatorDynamicLinks#tokenOf}) and sends the plan: an ACTIVE plan, {@code treatment_plan.created}.
     * {@code patientId} is only needed for a link without a patient; {@code recommendations} {@code null} = one
     * sample recommendation. A used link returns its plan again.
     */
    public SimTreatmentPlan completeDynamicLink(String token, String patientId,
                                                List<SimRecommendation> recommendations) {
        return dynamicLinks.complete(token, patientId, recommendations);
    }

    private ObjectNode toObject(Map<String, ?> fields) {
        if (fields == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node = objectMapper.valueToTree(fields);
        return (ObjectNode) node;
    }
}

package io.fullscriptbridge.simulator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Simulated Fullscript Redirect (dynamic links) for treatment plans. Every endpoint answers 200
 * {@code {"dynamic_links": {"redirect_url": "<server>/simulator/fullscript/redirect/<token>"}}}.
 *
 * <p>Rules: {@code entrypoint} is {@code catalog} (default) or {@code labs}, else 400. The practitioner is
 * {@code treatment_plan.practitioner_id}; a Practitioner token may leave it out (it defaults to the token's
 * resource owner), a Staff token may not (422 "Practitioner can't be blank"); an id that is not a practitioner of
 * the clinic is a 422 "Practitioner not found". Patients created on the way (unmatched patient details) are made by
 * this REST call, so they raise no event; the plan the practitioner later sends does.
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/clinic/dynamic_links")
public class SimulatorDynamicLinkController {

    private final SimulatorState state;
    private final SimulatorDynamicLinks links;

    public SimulatorDynamicLinkController(SimulatorState state, SimulatorDynamicLinks links) {
        this.state = state;
        this.links = links;
    }

    /**
     * Body {@code {"treatment_plan": {"practitioner_id": ...}, "patient": {...}, "entrypoint": ...}}. With
     * {@code patient}: {@code id} picks a patient of the clinic (else 422 "Patient not found"); otherwise
     * {@code email} is required and matches a patient who is not a dependent, and an unmatched email creates the
     * patient from the details given (422 with the patient validation messages when they are incomplete).
     */
    @PostMapping("/treatment_plans")
    public Map<String, Object> newPlan(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                       @RequestBody(required = false) JsonNode body) {
        ObjectNode root = root(body);
        String entrypoint = entrypoint(text(root, "entrypoint"));
        String practitionerId = practitioner(caller, text(root.path("treatment_plan"), "practitioner_id"));
        String patientId = null;
        JsonNode patient = root.get("patient");
        if (patient != null && !patient.isNull()) {
            ObjectNode details = patientObject(patient);
            String id = text(details, "id");
            if (id != null) {
                patientId = state.patient(caller.clinicId(), id).map(SimPatient::id)
                        .orElseThrow(() -> SimulatorApiException.unprocessable(List.of("Patient not found")));
            } else {
                String email = text(details, "email");
                if (email == null) {
                    throw SimulatorApiException.unprocessable(List.of("Email can't be blank", "Email is invalid"));
                }
                patientId = state.patients(caller.clinicId()).stream()
                        .filter(p -> !p.isDependent() && email.equalsIgnoreCase(p.email()))
                        .map(SimPatient::id).findFirst()
                        .orElseGet(() -> createPatient(caller, details, null));
            }
        }
        return answer(links.create(SimDynamicLink.Kind.NEW_PLAN, caller.clinicId(), practitionerId, patientId,
                entrypoint, null));
    }

    /** A link for a new plan without a patient: the practitioner picks the patient on the page. */
    @GetMapping("/treatment_plans")
    public Map<String, Object> newPlanWithoutPatient(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                                     @RequestParam(name = "practitioner_id", required = false)
                                                     String practitionerId,
                                                     @RequestParam(name = "entrypoint", required = false)
                                                     String entrypoint) {
        return answer(links.create(SimDynamicLink.Kind.NEW_PLAN, caller.clinicId(), practitioner(caller,
                blankToNull(practitionerId)), null, entrypoint(blankToNull(entrypoint)), null));
    }

    /**
     * Gateway ("with patient matching"): {@code patient.id} (a Fullscript id of the clinic, else 422), then
     * {@code patient.external_id} (matched against patient metadata ids), then {@code email} (dependents included;
     * when several patients share it, first and last name decide). Unmatched details create the patient, with
     * {@code external_id} as its metadata id. No patient details: the practitioner picks the patient on the page.
     */
    @PostMapping("/gateway/treatment_plans")
    public Map<String, Object> gateway(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                       @RequestBody(required = false) JsonNode body) {
        ObjectNode root = root(body);
        String entrypoint = entrypoint(text(root, "entrypoint"));
        String practitionerId = practitioner(caller, text(root.path("treatment_plan"), "practitioner_id"));
        String patientId = null;
        JsonNode patient = root.get("patient");
        if (patient != null && !patient.isNull()) {
            ObjectNode details = patientObject(patient);
            patientId = matchGatewayPatient(caller, details);
        }
        return answer(links.create(SimDynamicLink.Kind.GATEWAY, caller.clinicId(), practitionerId, patientId,
                entrypoint, null));
    }

    /** A link that opens an existing draft or active plan (404 for another clinic's, 422 when cancelled). */
    @GetMapping("/treatment_plans/{id}")
    public Map<String, Object> editPlan(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                        @PathVariable("id") String id) {
        SimTreatmentPlan plan = state.treatmentPlan(caller.clinicId(), id).orElseThrow(SimulatorApiException::notFound);
        if (plan.state() == SimTreatmentPlan.State.CANCELLED) {
            throw SimulatorApiException.unprocessable(List.of("Treatment plan has been cancelled"));
        }
        return answer(links.create(SimDynamicLink.Kind.EDIT, caller.clinicId(), plan.practitionerId(),
                plan.patientId(), "catalog", plan.id()));
    }

    private String matchGatewayPatient(ApiCaller caller, ObjectNode details) {
        String id = text(details, "id");
        if (id != null) {
            return state.patient(caller.clinicId(), id).map(SimPatient::id)
                    .orElseThrow(() -> SimulatorApiException.unprocessable(List.of("Patient not found")));
        }
        String externalId = text(details, "external_id");
        if (externalId != null) {
            Optional<String> byMetadata = state.findByMetadata(caller.clinicId(), "patient", externalId).stream()
                    .map(SimulatorState.MetadataHit::objectId).findFirst();
            if (byMetadata.isPresent()) {
                return byMetadata.get();
            }
        }
        String email = text(details, "email");
        if (email != null) {
            List<SimPatient> sameEmail = state.patients(caller.clinicId()).stream()
                    .filter(p -> email.equalsIgnoreCase(p.email())).toList();
            String first = text(details, "first_name");
            String last = text(details, "last_name");
            List<SimPatient> byName = sameEmail.stream()
                    .filter(p -> first == null || first.equalsIgnoreCase(p.firstName()))
                    .filter(p -> last == null || last.equalsIgnoreCase(p.lastName())).toList();
            if (byName.size() == 1) {
                return byName.get(0).id();
            }
            if (sameEmail.size() == 1 && first == null && last == null) {
                return sameEmail.get(0).id();
            }
            if (!sameEmail.isEmpty()) {
                return null; // ambiguous: the practitioner picks on the page
            }
        }
        if (email == null && text(details, "first_name") == null && text(details, "last_name") == null) {
            return null;
        }
        return createPatient(caller, details, externalId);
    }

    private String createPatient(ApiCaller caller, ObjectNode details, String externalId) {
        ObjectNode fields = details.deepCopy();
        fields.remove(List.of("id", "external_id"));
        if (externalId != null && !fields.has("metadata")) {
            fields.putObject("metadata").put("id", externalId);
        }
        return state.createPatient(caller.clinicId(), PatientChanges.of(fields), SimulatorChange.Origin.API).id();
    }

    private String practitioner(ApiCaller caller, String practitionerId) {
        String id = practitionerId;
        if (id == null && caller.resourceOwnerType() == SimUser.Type.PRACTITIONER) {
            id = caller.resourceOwnerId();
        }
        if (id == null) {
            throw SimulatorApiException.unprocessable(List.of("Practitioner can't be blank"));
        }
        String checked = id;
        return state.user(checked)
                .filter(u -> u.clinicId().equals(caller.clinicId()) && u.type() == SimUser.Type.PRACTITIONER)
                .map(SimUser::id)
                .orElseThrow(() -> SimulatorApiException.unprocessable(List.of("Practitioner not found")));
    }

    private static String entrypoint(String value) {
        if (value == null) {
            return "catalog";
        }
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("catalog") && !v.equals("labs")) {
            throw SimulatorApiException.badRequest("Entrypoint is not included in the list (catalog, labs)");
        }
        return v;
    }

    private static Map<String, Object> answer(SimDynamicLink link) {
        String url = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path(SimulatorDynamicLinks.REDIRECT_PATH).path(link.token()).build().toUriString();
        return Map.of("dynamic_links", Map.of("redirect_url", url));
    }

    private static ObjectNode root(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw SimulatorApiException.badRequest("Request body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    private static ObjectNode patientObject(JsonNode patient) {
        if (!patient.isObject()) {
            throw SimulatorApiException.badRequest("\"patient\" must be a JSON object");
        }
        return (ObjectNode) patient;
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : blankToNull(value.asText());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}

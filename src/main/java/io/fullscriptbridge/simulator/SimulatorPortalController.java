package io.fullscriptbridge.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /simulator/admin/portal/**}: what users do in Fullscript's own web app ({@link SimulatorPortal}); each
 * change raises an event and a webhook. Request keys are camelCase; patient fields, recommendations and line items
 * use Fullscript's names (snake_case; camelCase spellings are accepted for recommendations and line items).
 * Answers carry the object in API form: {@code {"patient": ...}}, {@code {"treatment_plan": ...}},
 * {@code {"order": ...}}. Errors: 404 / 422 {@code {"error": [...]}}, 400 for malformed requests.
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping("/simulator/admin/portal")
public class SimulatorPortalController {

    private final SimulatorPortal portal;
    private final SimulatorState state;

    public SimulatorPortalController(SimulatorPortal portal, SimulatorState state) {
        this.portal = portal;
        this.state = state;
    }

    /** {@code {"clinicId": "...", "patient": {"email": ..., "first_name": ..., ...}}} (or the fields at the top). */
    @PostMapping("/patients")
    public ResponseEntity<Map<String, Object>> createPatient(@RequestBody JsonNode body) {
        ObjectNode root = object(body);
        String clinicId = required(root, "clinicId");
        ObjectNode fields = RequestBodies.attributes(root, "patient").deepCopy();
        fields.remove("clinicId");
        SimPatient patient = portal.createPatient(clinicId, fields);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("patient", SimulatorJson.Patient.of(patient)));
    }

    /** {@code {"patient": {...changed fields...}}} (or the fields at the top). */
    @PatchMapping("/patients/{id}")
    public Map<String, Object> updatePatient(@PathVariable("id") String id, @RequestBody JsonNode body) {
        SimPatient patient = portal.updatePatient(id, RequestBodies.attributes(object(body), "patient"));
        return Map.of("patient", SimulatorJson.Patient.of(patient));
    }

    /**
     * {@code {"clinicId"?, "patientId", "practitionerId", "state"?: "draft"|"active", "recommendations"?: [...],
     * "personalMessage"?}}; the clinic defaults to the patient's, the state to draft.
     */
    @PostMapping("/treatment-plans")
    public ResponseEntity<Map<String, Object>> createTreatmentPlan(@RequestBody JsonNode body) {
        ObjectNode root = object(body);
        String patientId = required(root, "patientId");
        String clinicId = text(root, "clinicId");
        if (clinicId == null) {
            clinicId = state.patient(patientId).map(SimPatient::clinicId).orElseThrow(SimulatorApiException::notFound);
        }
        SimTreatmentPlan.State planState = null;
        String stateText = text(root, "state");
        if (stateText != null) {
            planState = SimTreatmentPlan.State.parse(stateText)
                    .orElseThrow(() -> SimulatorApiException.unprocessable(List.of("State is not included in the list")));
        }
        List<String> errors = new ArrayList<>();
        List<SimRecommendation> recommendations = Recommendations.parse(root.get("recommendations"), errors);
        if (!errors.isEmpty()) {
            throw SimulatorApiException.unprocessable(errors);
        }
        SimTreatmentPlan plan = portal.createTreatmentPlan(clinicId, patientId, text(root, "practitionerId"),
                planState, recommendations, text(root, "personalMessage"));
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(Map.of("treatment_plan", SimulatorJson.TreatmentPlan.of(plan)));
    }

    @PostMapping("/treatment-plans/{id}/activate")
    public Map<String, Object> activate(@PathVariable("id") String id) {
        return Map.of("treatment_plan", SimulatorJson.TreatmentPlan.of(portal.activateTreatmentPlan(id)));
    }

    @PostMapping("/treatment-plans/{id}/cancel")
    public Map<String, Object> cancel(@PathVariable("id") String id) {
        return Map.of("treatment_plan", SimulatorJson.TreatmentPlan.of(portal.cancelTreatmentPlan(id)));
    }

    /**
     * {@code {"clinicId"?, "patientId", "treatmentPlanIds": [...], "practitionerIds": [...], "lineItems":
     * [{"variant_id", "quantity", "type"?: "product"|"lab", "lab_type"?}]}}; see {@link SimulatorPortal#placeOrder}.
     */
    @PostMapping("/orders")
    public ResponseEntity<Map<String, Object>> placeOrder(@RequestBody JsonNode body) {
        ObjectNode root = object(body);
        String patientId = required(root, "patientId");
        String clinicId = text(root, "clinicId");
        if (clinicId == null) {
            clinicId = state.patient(patientId).map(SimPatient::clinicId).orElseThrow(SimulatorApiException::notFound);
        }
        SimOrder order = portal.placeOrder(clinicId, patientId, strings(root, "treatmentPlanIds"),
                strings(root, "practitionerIds"), lineItems(root.get("lineItems")));
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("order", SimulatorJson.Order.of(order)));
    }

    private static List<SimOrder.LineItem> lineItems(JsonNode node) {
        List<SimOrder.LineItem> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("lineItems must be an array");
        }
        for (JsonNode item : node) {
            String variantId = text(item, "variant_id", "variantId");
            if (variantId == null) {
                throw SimulatorApiException.unprocessable(List.of("Line items variant can't be blank"));
            }
            JsonNode quantity = item.has("quantity") ? item.get("quantity") : null;
            int q = quantity == null || quantity.isNull() ? 1 : quantity.asInt(0);
            if (q < 1) {
                throw SimulatorApiException.unprocessable(List.of("Line items quantity must be greater than 0"));
            }
            String type = text(item, "type", "type");
            items.add(new SimOrder.LineItem(variantId, q, type == null ? "product" : type,
                    text(item, "lab_type", "labType")));
        }
        return items;
    }

    private static List<String> strings(ObjectNode root, String field) {
        JsonNode node = root.get(field);
        List<String> values = new ArrayList<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException(field + " must be an array of ids");
        }
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static ObjectNode object(JsonNode body) {
        if (body == null || body.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!body.isObject()) {
            throw new IllegalArgumentException("Body must be a JSON object");
        }
        return (ObjectNode) body;
    }

    private static String required(ObjectNode root, String field) {
        String value = text(root, field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, field);
    }

    private static String text(JsonNode node, String snake, String camel) {
        JsonNode value = node.has(snake) ? node.get(snake) : node.get(camel);
        return value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()
                ? null : value.asText().trim();
    }
}

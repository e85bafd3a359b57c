package io.fullscriptbridge.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin controls (camelCase JSON) for events, webhooks and dynamic links, under {@code /simulator/admin}:
 * <ul>
 *   <li>{@code GET /events[?clinicId=]} full events; {@code POST /events/{id}/created-at {"createdAt": "..."}}</li>
 *   <li>{@code GET|POST|DELETE /webhooks} settings; {@code GET /webhooks/deliveries[?eventId=]};
 *       {@code POST /webhooks/redeliver/{eventId}}; {@code POST /webhooks/release-held}</li>
 *   <li>{@code GET /dynamic-links}; {@code POST /dynamic-links/{token}/complete {"patientId"?, "recommendations"?}}</li>
 * </ul>
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping("/simulator/admin")
public class SimulatorEventsAdminController {

    private static final Set<String> WEBHOOK_KEYS = Set.of("url", "enabled", "challengeToken", "signatureSecret",
            "retryScheduleSeconds", "dropRate", "outOfOrderBatch", "challengeTimeoutMs", "payloadTimeoutMs");

    private final SimulatorEvents events;
    private final SimulatorWebhooks webhooks;
    private final SimulatorDynamicLinks links;

    public SimulatorEventsAdminController(SimulatorEvents events, SimulatorWebhooks webhooks,
                                          SimulatorDynamicLinks links) {
        this.events = events;
        this.webhooks = webhooks;
        this.links = links;
    }

    // --- events -----------------------------------------------------------------------------------------------

    /** {@code {"events": [<event in API form>, ...]}}, oldest first, last 30 days. */
    @GetMapping("/events")
    public Map<String, Object> events(@RequestParam(name = "clinicId", required = false) String clinicId) {
        List<SimEvent> list = clinicId == null ? events.events() : events.events(clinicId);
        return Map.of("events", list.stream().map(SimulatorJson.Event::of).toList());
    }

    /**
     * {@code {"createdAt": "2024-05-01T10:00:00Z"}} (any ISO-8601 instant or offset date-time) or
     * {@code {"createdAt": "2024-05-01"}} (noon UTC that day). 200 {@code {"event": ...}}, 404 unknown event.
     */
    @PostMapping("/events/{id}/created-at")
    public Map<String, Object> backdate(@PathVariable("id") String id, @RequestBody JsonNode body) {
        String value = body == null ? null : body.path("createdAt").asText(null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("createdAt is required");
        }
        return Map.of("event", SimulatorJson.Event.of(events.backdate(id, instant(value.trim()))));
    }

    private static Instant instant(String value) {
        try {
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(value).atTime(12, 0).toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt must be an ISO-8601 date-time or yyyy-mm-dd");
        }
    }

    // --- webhooks ---------------------------------------------------------------------------------------------

    @GetMapping("/webhooks")
    public Map<String, Object> webhookSettings() {
        return view(webhooks.settings());
    }

    /**
     * Changes the webhook settings; keys left out keep their value: {@code url} (empty = off), {@code enabled},
     * {@code challengeToken}, {@code signatureSecret}, {@code retryScheduleSeconds} (e.g. {@code [0.1, 0.2]}: two
     * retries, three attempts in all), {@code dropRate}, {@code outOfOrderBatch}, {@code challengeTimeoutMs},
     * {@code payloadTimeoutMs}. Unknown keys are refused.
     */
    @PostMapping("/webhooks")
    public Map<String, Object> configureWebhooks(@RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("Body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!WEBHOOK_KEYS.contains(name)) {
                throw new IllegalArgumentException("Unknown webhook setting '" + name + "'; known: "
                        + String.join(", ", WEBHOOK_KEYS.stream().sorted().toList()));
            }
        }
        WebhookSettings s = webhooks.settings();
        List<Duration> schedule = s.retrySchedule();
        if (body.has("retryScheduleSeconds")) {
            JsonNode list = body.get("retryScheduleSeconds");
            if (!list.isArray()) {
                throw new IllegalArgumentException("retryScheduleSeconds must be an array of numbers");
            }
            schedule = new ArrayList<>();
            for (JsonNode delay : list) {
                if (!delay.isNumber()) {
                    throw new IllegalArgumentException("retryScheduleSeconds must be an array of numbers");
                }
                schedule.add(WebhookSettings.seconds(delay.decimalValue()));
            }
        }
        WebhookSettings updated = new WebhookSettings(
                body.has("url") ? body.get("url").asText("") : s.url(),
                body.has("enabled") ? bool(body.get("enabled"), "enabled") : s.enabled(),
                body.has("challengeToken") ? body.get("challengeToken").asText() : s.challengeToken(),
                body.has("signatureSecret") ? body.get("signatureSecret").asText() : s.signatureSecret(),
                schedule,
                body.has("dropRate") ? number(body.get("dropRate"), "dropRate").doubleValue() : s.dropRate(),
                body.has("outOfOrderBatch") ? number(body.get("outOfOrderBatch"), "outOfOrderBatch").intValue()
                        : s.outOfOrderBatch(),
                body.has("challengeTimeoutMs")
                        ? Duration.ofMillis(number(body.get("challengeTimeoutMs"), "challengeTimeoutMs").longValue())
                        : s.challengeTimeout(),
                body.has("payloadTimeoutMs")
                        ? Duration.ofMillis(number(body.get("payloadTimeoutMs"), "payloadTimeoutMs").longValue())
                        : s.payloadTimeout());
        return view(webhooks.configure(updated));
    }

    /** Back to {@code bridge.simulator.webhook.*}. */
    @DeleteMapping("/webhooks")
    public Map<String, Object> resetWebhooks() {
        return view(webhooks.resetSettings());
    }

    /** {@code {"deliveries": [...]}}, oldest first. */
    @GetMapping("/webhooks/deliveries")
    public Map<String, Object> deliveries(@RequestParam(name = "eventId", required = false) String eventId) {
        List<WebhookDelivery> list = eventId == null ? webhooks.deliveries() : webhooks.deliveries(eventId);
        return Map.of("deliveries", list.stream().map(SimulatorEventsAdminController::view).toList());
    }

    /** 202 {@code {"delivery": ...}}: the event goes out again (a duplicate); 404 unknown event, 409 webhooks off. */
    @PostMapping("/webhooks/redeliver/{eventId}")
    public ResponseEntity<Map<String, Object>> redeliver(@PathVariable("eventId") String eventId) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("delivery", view(webhooks.redeliver(eventId))));
    }

    @PostMapping("/webhooks/release-held")
    public Map<String, Object> releaseHeld() {
        return Map.of("released", webhooks.releaseHeld());
    }

    // --- dynamic links ----------------------------------------------------------------------------------------

    @GetMapping("/dynamic-links")
    public Map<String, Object> dynamicLinks() {
        return Map.of("dynamicLinks", links.links().stream().map(l -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("token", l.token());
            m.put("kind", l.kind().name());
            m.put("clinicId", l.clinicId());
            m.put("practitionerId", l.practitionerId());
            m.put("patientId", l.patientId());
            m.put("entrypoint", l.entrypoint());
            m.put("treatmentPlanId", l.treatmentPlanId());
            m.put("createdAt", SimulatorJson.timestamp(l.createdAt()));
            m.put("completedAt", SimulatorJson.timestamp(l.completedAt()));
            return m;
        }).toList());
    }

    /**
     * The practitioner sends the plan of a link (as the page's button does): 201 {@code {"treatment_plan": ...}},
     * or 200 with the same plan when the link was already used. Body (optional): {@code {"patientId": ...}} for a
     * link without a patient, {@code "recommendations": [...]} instead of the sample recommendation.
     */
    @PostMapping("/dynamic-links/{token}/complete")
    public ResponseEntity<Map<String, Object>> completeLink(@PathVariable("token") String token,
                                                            @RequestBody(required = false) JsonNode body) {
        boolean used = links.link(token).map(SimDynamicLink::completed).orElse(false);
        String patientId = body == null ? null : body.path("patientId").asText(null);
        List<SimRecommendation> recommendations = null;
        if (body != null && body.has("recommendations")) {
            List<String> errors = new ArrayList<>();
            recommendations = Recommendations.parse(body.get("recommendations"), errors);
            if (!errors.isEmpty()) {
                throw SimulatorApiException.unprocessable(errors);
            }
        }
        SimTreatmentPlan plan = links.complete(token, patientId, recommendations);
        return ResponseEntity.status(used ? HttpStatus.OK : HttpStatus.CREATED)
                .body(Map.of("treatment_plan", SimulatorJson.TreatmentPlan.of(plan)));
    }

    // --- views ------------------------------------------------------------------------------------------------

    private Map<String, Object> view(WebhookSettings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", s.url());
        m.put("enabled", s.enabled());
        m.put("active", s.active());
        // secrets are not echoed
        m.put("challengeTokenSet", s.challengeToken() != null && !s.challengeToken().isEmpty());
        m.put("signatureSecretSet", s.signatureSecret() != null && !s.signatureSecret().isEmpty());
        m.put("retryScheduleSeconds", s.retrySchedule().stream()
                .map(d -> BigDecimal.valueOf(d.toNanos()).movePointLeft(9).stripTrailingZeros()).toList());
        m.put("maxAttempts", s.maxAttempts());
        m.put("dropRate", s.dropRate());
        m.put("outOfOrderBatch", s.outOfOrderBatch());
        m.put("challengeTimeoutMs", s.challengeTimeout().toMillis());
        m.put("payloadTimeoutMs", s.payloadTimeout().toMillis());
        m.put("pendingDeliveries", webhooks.pendingCount());
        return m;
    }

    static Map<String, Object> view(WebhookDelivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("eventId", d.eventId());
        m.put("eventType", d.eventType());
        m.put("clinicId", d.clinicId());
        m.put("duplicate", d.duplicate());
        m.put("status", d.status().name());
        m.put("delivered", d.delivered());
        m.put("attemptCount", d.attempts().size());
        List<Integer> codes = new ArrayList<>();
        d.attempts().forEach(a -> {
            codes.add(a.challengeStatus());
            if (a.payloadStatus() != null) {
                codes.add(a.payloadStatus());
            }
        });
        m.put("statusCodes", codes);
        m.put("attempts", d.attempts().stream().map(a -> {
            Map<String, Object> attempt = new LinkedHashMap<>();
            attempt.put("number", a.number());
            attempt.put("attemptedAt", SimulatorJson.timestamp(a.attemptedAt()));
            attempt.put("challengeStatus", a.challengeStatus());
            attempt.put("payloadStatus", a.payloadStatus());
            attempt.put("success", a.success());
            attempt.put("error", a.error());
            return attempt;
        }).toList());
        m.put("createdAt", SimulatorJson.timestamp(d.createdAt()));
        m.put("nextAttemptAt", SimulatorJson.timestamp(d.nextAttemptAt()));
        m.put("note", d.note());
        return m;
    }

    private static boolean bool(JsonNode value, String name) {
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(name + " must be true or false");
        }
        return value.booleanValue();
    }

    private static Number number(JsonNode value, String name) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException(name + " must be a number");
        }
        return value.numberValue();
    }
}

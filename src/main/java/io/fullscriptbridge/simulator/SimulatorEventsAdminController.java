package io.fullscriptbridge.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin controls (camelCase JSON) for events, under {@code /simulator/admin}:
 * <ul>
 *   <li>{@code GET /events[?clinicId=]} full events; {@code POST /events/{id}/created-at {"createdAt": "..."}}</li>
 * </ul>
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping("/simulator/admin")
public class SimulatorEventsAdminController {

    private final SimulatorEvents events;

    public SimulatorEventsAdminController(SimulatorEvents events) {
        this.events = events;
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
}

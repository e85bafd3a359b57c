package io.fullscriptbridge.simulator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Simulated {@code GET /api/webhooks/deliveries}: the token's clinic's deliveries that were attempted in the last
 * 30 days. Filters {@code event_id}, {@code successfully_delivered} ({@code true}/{@code false}),
 * {@code attempted_at} (date filter on the last attempt); {@code sort_by} {@code attempted_at} (default) or
 * {@code event_id}, {@code order_by}; paginated. The response fields are UNCONFIRMED (Fullscript: "shows attempt
 * count, response, status code"): {@code {"deliveries": [{"id", "event_id", "event_type", "successfully_delivered",
 * "attempt_count", "attempted_at", "status_code", "response", "created_at"}], "meta": {...}}}.
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/webhooks")
public class SimulatorWebhookDeliveryController {

    private final SimulatorWebhooks webhooks;

    public SimulatorWebhookDeliveryController(SimulatorWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Delivery(String id, String eventId, String eventType, boolean successfullyDelivered, int attemptCount,
                    String attemptedAt, Integer statusCode, String response, String createdAt) {
        static Delivery of(WebhookDelivery d) {
            WebhookDelivery.Attempt last = d.attempts().get(d.attempts().size() - 1);
            return new Delivery(d.id(), d.eventId(), d.eventType(), d.delivered(), d.attempts().size(),
                    SimulatorJson.timestamp(last.attemptedAt()), last.lastStatus(), last.responseBody(),
                    SimulatorJson.timestamp(d.createdAt()));
        }
    }

    @GetMapping("/deliveries")
    public Map<String, Object> deliveries(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                          @RequestParam Map<String, String> params) {
        Predicate<LocalDate> attemptedAt = DateFilter.parse(params.get("attempted_at"), "Attempted at");
        String eventId = params.get("event_id");
        Boolean delivered = successfullyDelivered(params.get("successfully_delivered"));
        Instant cutoff = Instant.now().minus(SimulatorWebhooks.LOG_RETENTION);
        List<WebhookDelivery> matching = webhooks.deliveries().stream()
                .filter(d -> d.clinicId().equals(caller.clinicId()) && !d.attempts().isEmpty())
                .filter(d -> !d.lastAttemptedAt().isBefore(cutoff))
                .filter(d -> eventId == null || eventId.isBlank() || d.eventId().equals(eventId.trim()))
                .filter(d -> delivered == null || d.delivered() == delivered)
                .filter(d -> attemptedAt.test(d.lastAttemptedAt().atZone(ZoneOffset.UTC).toLocalDate()))
                .toList();
        List<WebhookDelivery> sorted = Sorting.sort(matching, params.get("sort_by"), params.get("order_by"),
                "attempted_at", Map.of(
                        "attempted_at", Comparator.comparing(WebhookDelivery::lastAttemptedAt),
                        "event_id", Comparator.comparing(WebhookDelivery::eventId)));
        Pagination page = Pagination.of(params.get("page[number]"), params.get("page[size]"));
        return page.page("deliveries", sorted, Delivery::of);
    }

    private static Boolean successfullyDelivered(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw SimulatorApiException.unprocessable(List.of("Successfully delivered is invalid"));
        };
    }
}

package io.fullscriptbridge.simulator;

import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Simulated {@code /api/events/*}, scoped to the token's clinic. The lists answer event ids only —
 * {@code {"events": [{"id": "..."}], "meta": {...}}} — because Fullscript's events overview says "you get a list of
 * applicable event ids. Use retrieve an event to request the event details"; {@code GET /api/events/{id}} answers
 * {@code {"event": {...}}}.
 */
@RestController
@ConditionalOnSimulatorEnabled
@RequestMapping(SimulatorApiFilter.BASE_PATH + "/api/events")
public class SimulatorEventController {

    private final SimulatorEvents events;

    public SimulatorEventController(SimulatorEvents events) {
        this.events = events;
    }

    @GetMapping("/patients")
    public Map<String, Object> patients(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                        @RequestParam Map<String, String> params) {
        return list(caller, "patients", params);
    }

    @GetMapping("/treatment_plans")
    public Map<String, Object> treatmentPlans(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                              @RequestParam Map<String, String> params) {
        return list(caller, "treatment_plans", params);
    }

    @GetMapping("/orders")
    public Map<String, Object> orders(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                      @RequestParam Map<String, String> params) {
        return list(caller, "orders", params);
    }

    /** Documented by Fullscript; the simulator raises no product events, so these lists are always empty. */
    @GetMapping("/products")
    public Map<String, Object> products(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                        @RequestParam Map<String, String> params) {
        return list(caller, "products", params);
    }

    @GetMapping("/lab_orders")
    public Map<String, Object> labOrders(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                         @RequestParam Map<String, String> params) {
        return list(caller, "lab_orders", params);
    }

    @GetMapping("/clinic_keys")
    public Map<String, Object> clinicKeys(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                          @RequestParam Map<String, String> params) {
        return list(caller, "clinic_keys", params);
    }

    @GetMapping("/{id}")
    public Map<String, Object> retrieve(@RequestAttribute(ApiCaller.REQUEST_ATTRIBUTE) ApiCaller caller,
                                        @PathVariable("id") String id) {
        SimEvent event = events.event(caller.clinicId(), id).orElseThrow(SimulatorApiException::notFound);
        return Map.of("event", SimulatorJson.Event.of(event));
    }

    private Map<String, Object> list(ApiCaller caller, String category, Map<String, String> params) {
        Predicate<java.time.LocalDate> createdAt = DateFilter.parse(params.get("created_at"), "Created at");
        String eventType = params.get("event_type");
        List<SimEvent> matching = events.events(caller.clinicId()).stream()
                .filter(e -> category.equals(e.category()))
                .filter(e -> eventType == null || eventType.isBlank() || e.type().equals(eventType.trim()))
                .filter(e -> createdAt.test(e.createdAt().atZone(ZoneOffset.UTC).toLocalDate()))
                .toList();
        Map<String, Comparator<SimEvent>> keys = category.equals("lab_orders")
                ? Map.of("created_at", Comparator.comparing(SimEvent::createdAt))
                : Map.of("created_at", Comparator.comparing(SimEvent::createdAt),
                        "event_type", Comparator.comparing(SimEvent::type));
        List<SimEvent> sorted = Sorting.sort(matching, params.get("sort_by"), params.get("order_by"), "created_at",
                keys);
        Pagination page = Pagination.of(params.get("page[number]"), params.get("page[size]"));
        return page.page("events", sorted, e -> Map.of("id", e.id()));
    }
}

package io.fullscriptbridge.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.criteria.Predicate;
import org.apache.camel.CamelContext;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ops API behind the console (D50-D52): journal search, dead letters (browse, replay, discard), routes (counts,
 * current rate and errors, start and stop), queue depths, and the audit of ops actions. Admin only
 * (/api/admin/**); writes also need {@code X-Bridge-Admin: 1}.
 */
@RestController
@RequestMapping("/api/admin")
public class OpsController {

    private final JournalRepository journal;
    private final MessageJournal messageJournal;
    private final DeadLetters deadLetters;
    private final RouteStats routeStats;
    private final CamelContext camel;
    private final MeterRegistry meters;
    private final BrokerQueueStats queueStats;
    private final OpsAudit audit;
    private final ParkedEventReplay parkedEvents;

    public OpsController(JournalRepository journal, MessageJournal messageJournal, DeadLetters deadLetters, RouteStats routeStats,
                         CamelContext camel, MeterRegistry meters, BrokerQueueStats queueStats, OpsAudit audit,
                         ParkedEventReplay parkedEvents) {
        this.parkedEvents = parkedEvents;
        this.journal = journal;
        this.messageJournal = messageJournal;
        this.deadLetters = deadLetters;
        this.routeStats = routeStats;
        this.camel = camel;
        this.meters = meters;
        this.queueStats = queueStats;
        this.audit = audit;
    }

    /**
     * Journal rows, newest first. {@code ehrPatientId} is hashed here (with the tenant) and matched against the
     * stored hash; the id itself is never stored.
     */
    @GetMapping("/journal")
    public List<JournalEntry> journal(@RequestParam(required = false) String messageId,
                                      @RequestParam(required = false) String tenant,
                                      @RequestParam(required = false) String ehrPatientId,
                                      @RequestParam(required = false) String ehrPatientHash,
                                      @RequestParam(required = false) String state,
                                      @RequestParam(required = false) String direction,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                                      @RequestParam(defaultValue = "100") int limit) {
        if (ehrPatientId != null && !ehrPatientId.isBlank()) {
            if (tenant == null || tenant.isBlank()) {
                throw new IllegalArgumentException("ehrPatientId needs the tenant (the hash is per tenant)");
            }
            ehrPatientHash = messageJournal.patientHash(tenant, ehrPatientId);
        }
        String hash = ehrPatientHash;
        Specification<JournalEntry> spec = (root, query, cb) -> {
            List<Predicate> p = new ArrayList<>();
            if (messageId != null && !messageId.isBlank()) {
                p.add(cb.or(cb.equal(root.get("messageId"), messageId), cb.equal(root.get("correlationId"), messageId)));
            }
            if (tenant != null && !tenant.isBlank()) {
                p.add(cb.equal(root.get("tenant"), tenant));
            }
            if (hash != null && !hash.isBlank()) {
                p.add(cb.equal(root.get("ehrPatientHash"), hash));
            }
            if (state != null && !state.isBlank()) {
                p.add(cb.equal(root.get("state"), state.toUpperCase(java.util.Locale.ROOT)));
            }
            if (direction != null && !direction.isBlank()) {
                p.add(cb.equal(root.get("direction"), direction));
            }
            if (from != null) {
                p.add(cb.greaterThanOrEqualTo(root.get("receivedAt"), from));
            }
            if (to != null) {
                p.add(cb.lessThan(root.get("receivedAt"), to));
            }
            return cb.and(p.toArray(Predicate[]::new));
        };
        return journal.findAll(spec, PageRequest.of(0, Math.max(1, Math.min(limit, 1000)), Sort.by(Sort.Direction.DESC, "id"))).getContent();
    }

    /** Journal rows per state since {@code from} (default: the last 24 hours), for the console's header. */
    @GetMapping("/journal/summary")
    public Map<String, Long> journalSummary(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from) {
        Instant since = from == null ? Instant.now().minus(java.time.Duration.ofHours(24)) : from;
        Map<String, Long> counts = new TreeMap<>();
        journal.findAll((root, query, cb) -> cb.greaterThanOrEqualTo(root.get("receivedAt"), since))
                .forEach(e -> counts.merge(e.getDirection() + "." + e.getState(), 1L, Long::sum));
        return counts;
    }

    @GetMapping("/dead-letters/queues")
    public List<String> deadLetterQueues() {
        return deadLetters.queues();
    }

    /** Dead letters: ids, tenant, error, attempts, age. The body only with {@code includeBody=true}. */
    @GetMapping("/dead-letters")
    public List<DeadLetters.DeadLetter> deadLetters(@RequestParam(required = false) String queue,
                                                    @RequestParam(required = false) String tenant,
                                                    @RequestParam(required = false) String messageId,
                                                    @RequestParam(defaultValue = "false") boolean includeBody) {
        if (includeBody) {
            audit.record("dead_letter.read_body", queue == null ? "DLQ.*" : queue,
                    "tenant=" + tenant + " messageId=" + messageId, 0, "bodies shown");
        }
        return deadLetters.list(queue, tenant, messageId, includeBody);
    }

    /** Which dead letters an action takes: broker message ids, or a filter (tenant and/or messageId). */
    public record Selection(String queue, List<Long> ids, String tenant, String messageId) {
    }

    @PostMapping("/dead-letters/replay")
    public Map<String, Object> replay(@RequestBody Selection selection) {
        return DeadLetters.describe(deadLetters.replay(selection.queue(), selection.ids(), selection.tenant(), selection.messageId()));
    }

    @PostMapping("/dead-letters/discard")
    public Map<String, Object> discard(@RequestBody Selection selection) {
        return DeadLetters.describe(deadLetters.discard(selection.queue(), selection.ids(), selection.tenant(), selection.messageId()));
    }

    /** Which parked Fullscript events to replay (GET /api/admin/events/parked lists them). */
    public record ParkedSelection(List<Long> ids) {
    }

    @PostMapping("/events/parked/replay")
    public Map<String, Object> replayParkedEvents(@RequestBody ParkedSelection selection) {
        return DeadLetters.describe(parkedEvents.replay(selection.ids()));
    }

    /** Every route: status, lifetime totals and failures, and the rate and errors of the recent window. */
    @GetMapping("/routes")
    public List<RouteStats.RouteRow> routes() {
        return routeStats.rows();
    }

    @PostMapping("/routes/{routeId}/stop")
    public Map<String, Object> stopRoute(@PathVariable String routeId) throws Exception {
        requireRoute(routeId);
        camel.getRouteController().stopRoute(routeId);
        audit.record("route.stop", routeId, null, 1, String.valueOf(camel.getRouteController().getRouteStatus(routeId)));
        return Map.of("routeId", routeId, "status", String.valueOf(camel.getRouteController().getRouteStatus(routeId)));
    }

    @PostMapping("/routes/{routeId}/start")
    public Map<String, Object> startRoute(@PathVariable String routeId) throws Exception {
        requireRoute(routeId);
        camel.getRouteController().startRoute(routeId);
        audit.record("route.start", routeId, null, 1, String.valueOf(camel.getRouteController().getRouteStatus(routeId)));
        return Map.of("routeId", routeId, "status", String.valueOf(camel.getRouteController().getRouteStatus(routeId)));
    }

    private void requireRoute(String routeId) {
        if (camel.getRoute(routeId) == null) {
            throw new java.util.NoSuchElementException("no route " + routeId);
        }
    }

    /** Depth, consumers, added and oldest age of every bridge queue and DLQ (bridge.broker.queue.*), read now. */
    @GetMapping("/queues")
    public List<Map<String, Object>> queues() {
        queueStats.refresh();
        Map<String, Map<String, Object>> byQueue = new TreeMap<>();
        for (Meter meter : meters.getMeters()) {
            String name = meter.getId().getName();
            String queue = meter.getId().getTag("queue");
            if (queue == null || !name.startsWith("bridge.broker.queue.")) {
                continue;
            }
            double value = meter.measure().iterator().next().getValue();
            Map<String, Object> row = byQueue.computeIfAbsent(queue, q -> {
                Map<String, Object> r = new TreeMap<>();
                r.put("queue", q);
                r.put("deadLetter", q.startsWith("DLQ."));
                return r;
            });
            row.put(name.substring("bridge.broker.queue.".length()).replace(".", "_"), value);
        }
        return new ArrayList<>(byQueue.values());
    }

    @GetMapping("/audit")
    public List<Map<String, Object>> audit(@RequestParam(defaultValue = "100") int limit) {
        return audit.recent(limit);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(java.util.NoSuchElementException.class)
    ResponseEntity<Map<String, String>> notFound(java.util.NoSuchElementException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
    }

}

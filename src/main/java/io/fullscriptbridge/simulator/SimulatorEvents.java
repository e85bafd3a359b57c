package io.fullscriptbridge.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The clinics' event logs. Fullscript raises events for what users do in its web app (and through Redirect links),
 * never for changes an integration makes through the REST API: so only {@link SimulatorChange.Origin#PORTAL}
 * changes become events here. Each event is {@code {id, type, created_at, clinic_id, data}}; events are kept
 * 30 days (older ones, e.g. after {@link #backdate}, are no longer listed nor retrievable).
 *
 * <p>Event types raised: {@code patient.created}, {@code patient.updated} (not for metadata-only changes: Fullscript
 * "fires on changes to any patient attribute except metadata or id"), {@code treatment_plan.created},
 * {@code treatment_plan.updated}, {@code order.placed}. Thread-safe. Subscribers (webhook delivery) are called after
 * the event is stored, on the thread that made the change; they must not block.
 */
@Component
@ConditionalOnSimulatorEnabled
public class SimulatorEvents implements SimulatorChangeListener {

    private static final Logger log = LoggerFactory.getLogger(SimulatorEvents.class);

    public static final Duration RETENTION = Duration.ofDays(30);

    /** The list endpoints ({@code /api/events/<category>}) and the event types Fullscript documents for each. */
    static final Map<String, Set<String>> CATEGORIES = Map.of(
            "patients", Set.of("patient.created", "patient.updated", "patient.emancipated"),
            "treatment_plans", Set.of("treatment_plan.created", "treatment_plan.updated",
                    "treatment_plan.recommendation.updated"),
            "orders", Set.of("order.placed"),
            "products", Set.of("product.created", "product.updated", "product.description.updated"),
            "lab_orders", Set.of("lab_order.updated"),
            "clinic_keys", Set.of("clinic_key.activated", "clinic_key.revoked"));

    private static final Set<String> RAISED = Set.of("patient.created", "patient.updated", "treatment_plan.created",
            "treatment_plan.updated", "order.placed");

    private final Object lock = new Object();
    /** Every clinic's events in creation order. */
    private final List<SimEvent> events = new ArrayList<>();
    private final List<Consumer<SimEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Clock clock = Clock.systemUTC();

    static String categoryOf(String type) {
        return CATEGORIES.entrySet().stream().filter(e -> e.getValue().contains(type)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    @Override
    public void onChange(SimulatorChange change) {
        if (change.origin() != SimulatorChange.Origin.PORTAL || !RAISED.contains(change.type())) {
            return;
        }
        if (change.type().equals("patient.updated") && onlyMetadataChanged(change)) {
            return;
        }
        SimEvent event = new SimEvent(UUID.randomUUID().toString(), change.type(),
                change.occurredAt().truncatedTo(ChronoUnit.MILLIS), change.clinicId(), change.objectId(),
                data(change.after()));
        synchronized (lock) {
            Instant cutoff = cutoff();
            events.removeIf(e -> e.createdAt().isBefore(cutoff));
            events.add(event);
        }
        log.debug("simulator event id={} type={} clinicId={}", event.id(), event.type(), event.clinicId());
        for (Consumer<SimEvent> subscriber : subscribers) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                log.warn("simulator event subscriber failed eventId={}", event.id(), e);
            }
        }
    }

    private static Object data(Object after) {
        if (after instanceof SimPatient p) {
            return Map.of("patient", SimulatorJson.Patient.of(p));
        }
        if (after instanceof SimTreatmentPlan t) {
            return Map.of("treatment_plan", SimulatorJson.TreatmentPlan.of(t));
        }
        if (after instanceof SimOrder o) {
            return SimulatorJson.Order.of(o);
        }
        throw new IllegalArgumentException("no event data for " + after);
    }

    private static boolean onlyMetadataChanged(SimulatorChange change) {
        if (!(change.before() instanceof SimPatient b) || !(change.after() instanceof SimPatient a)) {
            return false;
        }
        return Objects.equals(b.firstName(), a.firstName()) && Objects.equals(b.lastName(), a.lastName())
                && Objects.equals(b.email(), a.email()) && Objects.equals(b.dateOfBirth(), a.dateOfBirth())
                && Objects.equals(b.gender(), a.gender()) && Objects.equals(b.mobileNumber(), a.mobileNumber())
                && Objects.equals(b.discount(), a.discount())
                && b.textMessageNotification() == a.textMessageNotification() && b.archived() == a.archived();
    }

    /** Called with every new event (after it is stored). */
    public void subscribe(Consumer<SimEvent> subscriber) {
        subscribers.add(subscriber);
    }

    /** A clinic's events of the last 30 days, in creation order. */
    public List<SimEvent> events(String clinicId) {
        synchronized (lock) {
            Instant cutoff = cutoff();
            return events.stream()
                    .filter(e -> e.clinicId().equals(clinicId) && !e.createdAt().isBefore(cutoff))
                    .toList();
        }
    }

    /** Every clinic's events of the last 30 days, in creation order. */
    public List<SimEvent> events() {
        synchronized (lock) {
            Instant cutoff = cutoff();
            return events.stream().filter(e -> !e.createdAt().isBefore(cutoff)).toList();
        }
    }

    /** An event of the last 30 days, whatever its clinic. */
    public Optional<SimEvent> event(String eventId) {
        synchronized (lock) {
            Instant cutoff = cutoff();
            return events.stream().filter(e -> e.id().equals(eventId) && !e.createdAt().isBefore(cutoff))
                    .findFirst();
        }
    }

    /** An event of the last 30 days of the given clinic; another clinic's event is not found. */
    public Optional<SimEvent> event(String clinicId, String eventId) {
        return event(eventId).filter(e -> e.clinicId().equals(clinicId));
    }

    /**
     * Moves an event's {@code created_at} (for tests of date filters and retention); the event keeps its place in
     * creation order. An event moved beyond 30 days is gone for good. @throws SimulatorApiException 404
     */
    public SimEvent backdate(String eventId, Instant createdAt) {
        synchronized (lock) {
            for (int i = 0; i < events.size(); i++) {
                SimEvent e = events.get(i);
                if (e.id().equals(eventId)) {
                    SimEvent moved = e.withCreatedAt(createdAt.truncatedTo(ChronoUnit.MILLIS));
                    events.set(i, moved);
                    return moved;
                }
            }
        }
        throw SimulatorApiException.notFound();
    }

    public void reset() {
        synchronized (lock) {
            events.clear();
        }
    }

    private Instant cutoff() {
        return Instant.now(clock).minus(RETENTION);
    }
}

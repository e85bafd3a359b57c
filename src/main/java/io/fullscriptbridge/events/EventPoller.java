package io.fullscriptbridge.events;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptApiException;
import io.fullscriptbridge.fullscript.FullscriptRequest;
import io.fullscriptbridge.fullscript.ActingUser;
import io.fullscriptbridge.oauth.Connection;
import io.fullscriptbridge.oauth.ConnectionRepository;
import io.fullscriptbridge.oauth.NoConnectionException;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.IdempotentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Reads Fullscript's events endpoints per clinic, with the token of any live connection in that clinic (events are
 * per clinic; shared/fullscript-api.md §6). The filter is by day, so each run re-reads from the cursor day minus
 * the overlap; events already handed on (same id) are not fetched again. A clinic whose tokens are all dead is
 * counted and skipped: its users were already asked to reconnect when their refresh failed.
 */
@Component("eventPoller")
public class EventPoller {

    private static final Logger log = LoggerFactory.getLogger(EventPoller.class);

    private final ConnectionRepository connections;
    private final PollCursorRepository cursors;
    private final FullscriptApi fullscript;
    private final IdempotentRepository handedOn;
    private final FullscriptEventIntake intake;
    private final EventPollProperties properties;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Per clinic, when its events were last polled (epoch seconds): the poll lag an alert watches (issue 10). */
    private final Map<String, java.util.concurrent.atomic.AtomicLong> lastPolled = new java.util.concurrent.ConcurrentHashMap<>();
    static final String LAST_POLLED = "bridge.events.poll.last_success_timestamp";

    public EventPoller(ConnectionRepository connections, PollCursorRepository cursors, FullscriptApi fullscript,
                       @Qualifier("eventIdempotentRepository") IdempotentRepository handedOn, FullscriptEventIntake intake,
                       EventPollProperties properties, MeterRegistry meters, Clock clock) {
        this.connections = connections;
        this.cursors = cursors;
        this.fullscript = fullscript;
        this.handedOn = handedOn;
        this.intake = intake;
        this.properties = properties;
        this.meters = meters;
        this.clock = clock;
    }

    /** One run over every clinic with a live connection. @return events enqueued */
    public int pollAll() {
        meters.counter("bridge.events.poll.runs").increment();
        Map<String, List<Connection>> byClinic = new LinkedHashMap<>();
        for (Connection c : connections.findAll()) {
            if (c.getStatus() == Connection.Status.ACTIVE) {
                byClinic.computeIfAbsent(c.getClinicId(), k -> new java.util.ArrayList<>()).add(c);
            }
        }
        forgetClinicsNoLongerPolled(byClinic.keySet());
        int enqueued = 0;
        for (Map.Entry<String, List<Connection>> clinic : byClinic.entrySet()) {
            // one clinic failing (transient errors, an unexpected answer…) never keeps the others from being polled
            try {
                enqueued += pollClinic(clinic.getKey(), clinic.getValue());
            } catch (RuntimeException e) {
                String reason = e instanceof FullscriptApiException f ? f.getErrorCode() : e.getClass().getSimpleName();
                meters.counter("bridge.events.poll.failed_clinics", "reason", reason).increment();
                log.warn("events poll: clinic failed, the others are still polled clinicId={} reason={} error=\"{}\"", clinic.getKey(), reason,
                        e instanceof FullscriptApiException f ? f.getErrorMessage() : e.getClass().getName());
            }
        }
        return enqueued;
    }

    /** A clinic without a live connection is not polled any more: its lag gauge goes, or it would alert for ever. */
    private void forgetClinicsNoLongerPolled(Set<String> polled) {
        for (String clinicId : List.copyOf(lastPolled.keySet())) {
            if (!polled.contains(clinicId)) {
                lastPolled.remove(clinicId);
                var gauge = meters.find(LAST_POLLED).tag("clinic", clinicId).gauge();
                if (gauge != null) {
                    meters.remove(gauge);
                }
            }
        }
    }

    private int pollClinic(String clinicId, List<Connection> live) {
        for (Connection c : live) {
            ActingUser user = new ActingUser(c.getTenant(), c.getEhrUserId(), clinicId);
            try {
                int enqueued = 0;
                for (String stream : properties.getStreams()) {
                    enqueued += pollStream(user, clinicId, stream);
                }
                lastPolled.computeIfAbsent(clinicId, id -> meters.gauge(LAST_POLLED, io.micrometer.core.instrument.Tags.of("clinic", id),
                        new java.util.concurrent.atomic.AtomicLong())).set(clock.instant().getEpochSecond());
                return enqueued;
            } catch (NoConnectionException | FullscriptApiException.Unauthorized | io.fullscriptbridge.oauth.IntegrationDisabledException e) {
                log.info("events poll: connection unusable, trying the next connectionId={} clinicId={}", c.getId(), clinicId);
            } catch (FullscriptApiException.Rejected e) {
                if (e.getStatus() != 403) {
                    throw e;
                }
                // 403: this user may not read events (missing scope, a role without access): another user may
                log.info("events poll: Fullscript answered 403 to this connection, trying the next connectionId={} clinicId={}", c.getId(), clinicId);
            }
        }
        meters.counter("bridge.events.poll.dead_clinics").increment();
        log.warn("events poll: no usable token for clinicId={}", clinicId);
        return 0;
    }

    private int pollStream(ActingUser user, String clinicId, String stream) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        PollCursor cursor = cursors.findById(new PollCursor.Key(clinicId, stream))
                .orElseGet(() -> new PollCursor(clinicId, stream, today.minusDays(properties.getInitialLookbackDays())));
        LocalDate from = cursor.getPolledUntil().minusDays(properties.getOverlapDays());
        Map<String, String> query = new LinkedHashMap<>();
        query.put("created_at", from + ".." + today);
        query.put("sort_by", "created_at");
        query.put("order_by", "ASC");
        Set<String> ids = new LinkedHashSet<>();
        // UNCONFIRMED shape (shared/fullscript-api.md §6): items with an id (full events or ids only)
        String endpoint = "GET /api/events/" + stream;
        fullscript.allPages(user, "/api/events/" + stream, "/api/events/" + stream, query, "events", 100)
                .forEach(e -> ids.add(FullscriptApi.requireId(endpoint, e.isTextual() ? e : e.path("id"), "events[].id")));
        int enqueued = 0;
        for (String id : ids) {
            if (handedOn.contains(id)) {
                continue;
            }
            JsonNode event = fullscript.call(FullscriptRequest.get(user, "/api/events/{id}", "/api/events/" + id, Map.of()));
            intake.submit(event.toString());
            enqueued++;
        }
        cursor.advance(today);
        cursors.save(cursor);
        meters.counter("bridge.events.poll.enqueued", "stream", stream).increment(enqueued);
        return enqueued;
    }
}

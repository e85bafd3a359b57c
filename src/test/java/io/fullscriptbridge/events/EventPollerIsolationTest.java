package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.FullscriptApiException;
import io.fullscriptbridge.fullscript.ActingUser;
import io.fullscriptbridge.oauth.Connection;
import io.fullscriptbridge.oauth.ConnectionRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, part 3 (decision D47): one clinic failing never keeps the others from being polled in the same run.
 * Clinic A answers 403 (to its only user), clinic B a transient 503, clinic C an events list whose items have no
 * id (an UNCONFIRMED shape), clinic D works.
 */
class EventPollerIsolationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyOtherClinicIsStillPolledAndEachFailureIsCounted() throws Exception {
        ConnectionRepository connections = mock(ConnectionRepository.class);
        List<Connection> live = List.of(active("clinic-a"), active("clinic-b"), active("clinic-c"), active("clinic-d"));
        when(connections.findAll()).thenReturn(live);
        PollCursorRepository cursors = mock(PollCursorRepository.class);
        when(cursors.findById(any())).thenReturn(Optional.empty());
        FullscriptApi api = mock(FullscriptApi.class);
        when(api.allPages(clinic("clinic-a"), anyString(), anyString(), anyMap(), eq("events"), anyInt()))
                .thenThrow(new FullscriptApiException.Rejected("GET /api/events/patients", 403, null, List.of("Forbidden")));
        when(api.allPages(clinic("clinic-b"), anyString(), anyString(), anyMap(), eq("events"), anyInt()))
                .thenThrow(new FullscriptApiException.Transient("GET /api/events/patients", 503, null, List.of(), null));
        when(api.allPages(clinic("clinic-c"), anyString(), anyString(), anyMap(), eq("events"), anyInt()))
                .thenReturn(List.of(json.readTree("{\"type\":\"patient.updated\"}")));
        when(api.allPages(clinic("clinic-d"), anyString(), anyString(), anyMap(), eq("events"), anyInt()))
                .thenReturn(List.<JsonNode>of(json.readTree("{\"id\":\"evt-d-1\"}")));
        when(api.call(any())).thenReturn(json.readTree("{\"event\":{\"id\":\"evt-d-1\"}}"));
        @SuppressWarnings("unchecked")
        IdempotentRepository handedOn = mock(IdempotentRepository.class);
        FullscriptEventIntake intake = mock(FullscriptEventIntake.class);
        EventPollProperties properties = new EventPollProperties();
        properties.setStreams(List.of("patients"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        java.time.Clock clock = java.time.Clock.fixed(java.time.Instant.parse("2026-11-30T08:00:00Z"), java.time.ZoneOffset.UTC);
        EventPoller poller = new EventPoller(connections, cursors, api, handedOn, intake, properties, meters, clock);
        int enqueued = poller.pollAll();

        assertThat(enqueued).as("clinic D's event").isEqualTo(1);
        verify(intake, times(1)).submit(anyString());
        assertThat(meters.counter("bridge.events.poll.dead_clinics").count()).as("A: its only user may not read events").isEqualTo(1);
        assertThat(meters.counter("bridge.events.poll.failed_clinics", "reason", "fullscript_503").count()).isEqualTo(1);
        assertThat(meters.counter("bridge.events.poll.failed_clinics", "reason", "fullscript_unexpected_response").count())
                .as("C: items without an id are an error naming the endpoint, not an empty id").isEqualTo(1);
        // the poll lag per clinic: when each clinic was last polled, only for those that were
        assertThat(meters.find(EventPoller.LAST_POLLED).tag("clinic", "clinic-d").gauge().value())
                .isEqualTo(clock.instant().getEpochSecond());
        assertThat(meters.find(EventPoller.LAST_POLLED).tag("clinic", "clinic-b").gauge()).as("B failed: its lag grows").isNull();
        // clinic D lost its connection: no longer polled, so no lag to alert on
        when(connections.findAll()).thenReturn(live.subList(0, 3));
        poller.pollAll();
        assertThat(meters.find(EventPoller.LAST_POLLED).tag("clinic", "clinic-d").gauge()).isNull();
    }

    private static Connection active(String clinicId) {
        Connection c = mock(Connection.class);
        when(c.getStatus()).thenReturn(Connection.Status.ACTIVE);
        when(c.getClinicId()).thenReturn(clinicId);
        when(c.getTenant()).thenReturn("demo");
        when(c.getEhrUserId()).thenReturn("user-" + clinicId);
        when(c.getId()).thenReturn("connection-" + clinicId);
        return c;
    }

    private static ActingUser clinic(String clinicId) {
        return argThat(u -> u != null && clinicId.equals(u.clinicId()));
    }
}

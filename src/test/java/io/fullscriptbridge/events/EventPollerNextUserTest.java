package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
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
import io.fullscriptbridge.oauth.IntegrationDisabledException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, part 3: the poller's per-user cases EventPollerIsolationTest leaves out. A user who switched the
 * integration off, or whose grant lacks the events' scope (403 insufficient_scope), is skipped for the clinic's
 * next user; a clinic whose only user lacks the scope is counted dead and the other clinics are still polled.
 */
class EventPollerNextUserTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aDisabledUserOrAMissingScopeTriesTheClinicsNextUserAndNeverStopsTheRun() throws Exception {
        ConnectionRepository connections = mock(ConnectionRepository.class);
        List<Connection> live = List.of(active("clinic-x", "disabled"), active("clinic-x", "narrow"),
                active("clinic-x", "full"), active("clinic-y", "narrow-y"), active("clinic-z", "full-z"));
        when(connections.findAll()).thenReturn(live);
        PollCursorRepository cursors = mock(PollCursorRepository.class);
        when(cursors.findById(any())).thenReturn(Optional.empty());
        FullscriptApi api = mock(FullscriptApi.class);
        when(api.allPages(user("disabled"), anyString(), anyString(), anyMap(), eq("events"), anyInt()))
                .thenThrow(new IntegrationDisabledException("demo", "disabled"));
        FullscriptApiException.InsufficientScope scope = new FullscriptApiException.InsufficientScope("GET /api/events/patients", null,
                List.of("insufficient_scope"));
        when(api.allPages(user("narrow"), anyString(), anyString(), anyMap(), eq("events"), anyInt())).thenThrow(scope);
        when(api.allPages(user("narrow-y"), anyString(), anyString(), anyMap(), eq("events"), anyInt())).thenThrow(scope);
        when(api.allPages(user("full"), anyString(), anyString(), anyMap(), eq("events"), anyInt()))
                .thenReturn(List.<JsonNode>of(json.readTree("{\"id\":\"evt-x-1\"}")));
        when(api.allPages(user("full-z"), anyString(), anyString(), anyMap(), eq("events"), anyInt()))
                .thenReturn(List.<JsonNode>of(json.readTree("{\"id\":\"evt-z-1\"}")));
        when(api.call(any())).thenAnswer(call -> json.readTree("{\"event\":{\"id\":\"evt\"}}"));
        @SuppressWarnings("unchecked")
        IdempotentRepository handedOn = mock(IdempotentRepository.class);
        EventPollProperties properties = new EventPollProperties();
        properties.setStreams(List.of("patients"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();

        int enqueued = new EventPoller(connections, cursors, api, handedOn, mock(FullscriptEventIntake.class), properties, meters,
                java.time.Clock.systemUTC()).pollAll();

        assertThat(enqueued).as("clinic X through its third user, clinic Z").isEqualTo(2);
        assertThat(meters.counter("bridge.events.poll.dead_clinics").count()).as("clinic Y: its only user lacks the scope").isEqualTo(1);
    }

    private static Connection active(String clinicId, String ehrUserId) {
        Connection c = mock(Connection.class);
        when(c.getStatus()).thenReturn(Connection.Status.ACTIVE);
        when(c.getClinicId()).thenReturn(clinicId);
        when(c.getTenant()).thenReturn("demo");
        when(c.getEhrUserId()).thenReturn(ehrUserId);
        when(c.getId()).thenReturn("connection-" + ehrUserId);
        return c;
    }

    private static ActingUser user(String ehrUserId) {
        return argThat(u -> u != null && ehrUserId.equals(u.ehrUserId()));
    }
}

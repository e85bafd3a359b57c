package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.events.ParkedEvent;
import io.fullscriptbridge.events.ParkedEventRepository;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A parked Fullscript event is replayed from the admin API: its sealed payload is opened, it goes through
 * fullscript.events again (its id no longer counts as handed on), and, its clinic still unknown, it is parked again
 * as the same event with the same reason (not as an unreadable one); the action is audited.
 */
@BridgeIntegrationTest
class ParkedEventReplayTest {

    @LocalServerPort int port;
    @Autowired BrokerProperties broker;
    @Autowired ParkedEventRepository parked;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;

    @Test
    void aParkedEventIsDispatchedAgainAndAudited() throws Exception {
        String eventId = "evt-" + UUID.randomUUID();
        String event = "{\"event\":{\"id\":\"" + eventId + "\",\"type\":\"patient.updated\",\"clinic_id\":\"no-such-clinic\","
                + "\"target\":{\"type\":\"patient\",\"id\":\"p-1\"}}}";
        try (AmqpClient bridge = AmqpClient.as("bridge", broker.resolvedPort())) {
            bridge.send("fullscript.events", event, Map.of());
        }
        ParkedEvent first = await().atMost(Duration.ofSeconds(20)).until(() -> parked.findByEventId(eventId).orElse(null), p -> p != null);
        assertThat(first.getReason()).isEqualTo("unknown_clinic");

        Http http = new Http(port);
        var replay = http.admin("POST", "/api/admin/events/parked/replay", "{\"ids\":[" + first.getId() + "]}", "test-admin", "test-admin-password");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).path("affected").asInt()).isEqualTo(1);

        // dispatched again (not skipped as already handed on): parked anew, same event, same reason
        ParkedEvent again = await().atMost(Duration.ofSeconds(20))
                .until(() -> parked.findByEventId(eventId).orElse(null), p -> p != null && !p.getId().equals(first.getId()));
        assertThat(again.getReason()).isEqualTo("unknown_clinic");
        assertThat(again.getEventType()).isEqualTo("patient.updated");
        assertThat(jdbc.queryForObject("select count(*) from ops_audit where action = 'parked_event.replay' and outcome like ?",
                Integer.class, "%" + eventId + "%")).isEqualTo(1);
    }
}

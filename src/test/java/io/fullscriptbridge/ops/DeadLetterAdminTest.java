package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.Http;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an operator does with a message that kept failing: finds it dead-lettered in the journal and in the DLQ
 * browser (without its body unless asked), replays it once the cause is gone and sees it answered; or discards it.
 * Every action is in the audit table.
 */
@BridgeIntegrationTest
class DeadLetterAdminTest {

    private static final String CREATE = "POST /api/clinic/patients";
    static final String ADMIN = "test-admin";
    static final String PASSWORD = "test-admin-password";

    @Autowired BrokerProperties broker;
    @Autowired FaultInjector faults;
    @Autowired JournalRepository journal;
    @Autowired ObjectMapper json;
    @Autowired JdbcTemplate jdbc;
    @LocalServerPort int port;
    Http http;
    AmqpClient ehr;

    @BeforeEach
    void setUp() throws Exception {
        faults.reset();
        http = new Http(port);
        ehr = AmqpClient.as("demo", broker.resolvedPort());
    }

    @AfterEach
    void tearDown() throws Exception {
        faults.reset();
        ehr.close();
    }

    @Test
    void aDeadLetteredMessageIsMarkedBrowsedWithoutItsBodyReplayedAndAnswered() throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        String messageId = poison(mrn, "Margaret");

        // the journal says so on the last failed delivery, with the attempts and Fullscript's error
        JsonNode row = awaitJournal(messageId, "DEAD_LETTERED");
        assertThat(row.path("attempts").asInt()).as("bridge.broker.redelivery.max-attempts=3 in tests").isEqualTo(3);
        assertThat(row.path("errorCode").asText()).isNotBlank();
        assertThat(row.path("ehrPatientHash").asText()).isNotBlank();
        assertThat(row.toString()).doesNotContain(mrn).doesNotContain("Margaret");
        // and it is found by the EHR patient id (hashed with the tenant), never stored in clear
        JsonNode byPatient = json.readTree(get("/api/admin/journal?tenant=demo&ehrPatientId=" + mrn).body());
        assertThat(byPatient).hasSize(1);
        assertThat(byPatient.get(0).path("messageId").asText()).isEqualTo(messageId);

        JsonNode listed = awaitDeadLetter(messageId);
        assertThat(listed.path("queue").asText()).isEqualTo("DLQ.ehr.inbound");
        assertThat(listed.path("tenant").asText()).isEqualTo("demo");
        assertThat(listed.path("originalQueue").asText()).isEqualTo("ehr.inbound.accepted");
        assertThat(listed.path("attempts").asInt()).isEqualTo(3);
        assertThat(listed.path("journalState").asText()).isEqualTo("DEAD_LETTERED");
        assertThat(listed.path("body").isNull()).as("no body without includeBody").isTrue();
        assertThat(listed.toString()).doesNotContain("Margaret");
        JsonNode withBody = json.readTree(get("/api/admin/dead-letters?queue=DLQ.ehr.inbound&messageId=" + messageId + "&includeBody=true").body()).get(0);
        assertThat(withBody.path("body").asText()).contains("Margaret");

        // the cause is gone: replay it by its broker id
        faults.reset();
        var replay = http.admin("POST", "/api/admin/dead-letters/replay",
                "{\"queue\":\"DLQ.ehr.inbound\",\"ids\":[" + listed.path("brokerMessageId").asLong() + "]}", ADMIN, PASSWORD);
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).path("affected").asInt()).isEqualTo(1);

        Message answer = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
        assertThat(answer).as("answered after the replay").isNotNull();
        assertThat(json.readTree(AmqpClient.text(answer)).path("type").asText()).isEqualTo("patient.linked");
        JsonNode after = awaitJournal(messageId, "ANSWERED");
        assertThat(after.path("replayCount").asInt()).isEqualTo(1);
        assertThat(after.path("replayedAt").isNull()).isFalse();
        assertThat(deadLetters("messageId=" + messageId)).isEmpty();
        // the answer has its own journal row, pointing at the message it answers
        JsonNode answers = json.readTree(get("/api/admin/journal?direction=outbound&messageId=" + messageId).body());
        assertThat(answers).isNotEmpty();
        assertThat(answers.get(0).path("messageType").asText()).isEqualTo("patient.linked");

        List<Map<String, Object>> audit = jdbc.queryForList("select * from ops_audit where action = 'dead_letter.replay' and outcome like ?", "%" + messageId + "%");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("actor")).isEqualTo(ADMIN);
        assertThat(audit.get(0).get("affected")).isEqualTo(1);
    }

    @Test
    void discardingByFilterRemovesTheMessageAndIsAudited() throws Exception {
        String messageId = poison("MRN-" + UUID.randomUUID(), "Hedy");
        awaitDeadLetter(messageId);

        assertThat(http.admin("POST", "/api/admin/dead-letters/discard", "{\"queue\":\"DLQ.ehr.inbound\",\"messageId\":\"" + messageId + "\"}",
                ADMIN, PASSWORD, false).statusCode()).as("a write without the admin header").isEqualTo(403);
        assertThat(http.admin("POST", "/api/admin/dead-letters/discard", "{\"queue\":\"DLQ.ehr.inbound\"}", ADMIN, PASSWORD).statusCode())
                .as("neither ids nor a filter: refused, never 'everything'").isEqualTo(400);
        var discard = http.admin("POST", "/api/admin/dead-letters/discard", "{\"queue\":\"DLQ.ehr.inbound\",\"messageId\":\"" + messageId + "\"}",
                ADMIN, PASSWORD);
        assertThat(discard.statusCode()).as(discard.body()).isEqualTo(200);
        assertThat(json.readTree(discard.body()).path("affected").asInt()).isEqualTo(1);
        assertThat(deadLetters("messageId=" + messageId)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from ops_audit where action = 'dead_letter.discard' and selection like ?",
                Integer.class, "%" + messageId + "%")).isEqualTo(1);
    }

    @Test
    void theFilterCannotBeUsedToInjectASelector() {
        var r = get("/api/admin/dead-letters?queue=DLQ.ehr.inbound&tenant=demo'%20OR%20'1'='1");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(get("/api/admin/dead-letters?queue=ehr.outbound.demo").statusCode()).as("only DLQ.* queues").isEqualTo(400);
    }

    private String poison(String mrn, String firstName) throws Exception {
        // Fullscript keeps answering 503 to the create: every delivery fails until the broker dead-letters it
        faults.configure(new FaultSettings(null, null, null, 1.0, 503, null, null, CREATE, null));
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + firstName
                        + "\",\"lastName\":\"Test\",\"email\":\"" + mrn.toLowerCase() + "@example.com\"}}",
                Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
        return messageId;
    }

    private JsonNode awaitJournal(String messageId, String state) {
        JsonNode[] row = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode rows = json.readTree(get("/api/admin/journal?direction=inbound&messageId=" + messageId).body());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).path("state").asText()).isEqualTo(state);
            row[0] = rows.get(0);
        });
        return row[0];
    }

    private JsonNode awaitDeadLetter(String messageId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode list = deadLetters("messageId=" + messageId);
            assertThat(list).hasSize(1);
            found[0] = list.get(0);
        });
        return found[0];
    }

    private JsonNode deadLetters(String query) throws Exception {
        var r = get("/api/admin/dead-letters?queue=DLQ.ehr.inbound&" + query);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private java.net.http.HttpResponse<String> get(String path) {
        return http.admin("GET", path, null, ADMIN, PASSWORD, false);
    }
}

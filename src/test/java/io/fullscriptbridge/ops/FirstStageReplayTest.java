package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
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
 * A message the first inbound stage dead-lettered (a staged database outage at its journal write) is replayed with
 * the tenant the bridge recorded, through that tenant's own address, and answered; one whose tenant the bridge never
 * recorded stays on the DLQ with the reason; and a tenant's message carrying forged tenant marks and another tenant's
 * messageId is replayed only as its sender's, never into the tenant it names (D65).
 */
@BridgeIntegrationTest
class FirstStageReplayTest {

    private static final String ADMIN = "test-admin";
    private static final String PASSWORD = "test-admin-password";
    private static final String DLQ = "DLQ.ehr.inbound";

    @Autowired BrokerProperties broker;
    @Autowired JdbcTemplate jdbc;
    @Autowired BrokerManagement management;
    @Autowired FirstStageReplay firstStage;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;
    Http http;
    AmqpClient demo;
    final List<String> staged = new java.util.ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        FirstStageFault.install(jdbc);
        http = new Http(port);
        demo = AmqpClient.as("demo", broker.resolvedPort());
    }

    @AfterEach
    void tearDown() throws Exception {
        staged.forEach(FirstStageFault::heal);
        demo.close();
    }

    @Test
    void aFirstStageDeadLetterIsReplayedWithTheRecordedTenantAndAnswered() throws Exception {
        String messageId = stageOutage(true);
        send(demo, "ehr.inbound.demo", messageId, "Dorothy", Map.of("tenant", "demo"));
        JsonNode listed = awaitDeadLetters(messageId, 1).get(0);
        assertThat(listed.path("originalQueue").asText()).as("dead-lettered by the first stage").isEqualTo("ehr.inbound");
        assertThat(listed.path("journalState").asText()).isEqualTo("DEAD_LETTERED");

        FirstStageFault.heal(messageId);
        JsonNode outcome = replay(listed.path("brokerMessageId").asLong());
        assertThat(outcome.path("affected").asInt()).as(outcome.toString()).isEqualTo(1);
        assertThat(outcome.path("refused")).isEmpty();

        Message answer = demo.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
        assertThat(answer).as("answered after the replay, not refused as tenant_unverified").isNotNull();
        assertThat(json.readTree(AmqpClient.text(answer)).path("type").asText()).isEqualTo("patient.linked");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode row = journalRow("demo", messageId);
            assertThat(row.path("state").asText()).isEqualTo("ANSWERED");
            assertThat(row.path("replayCount").asInt()).isEqualTo(1);
        });
        assertThat(awaitDeadLetters(messageId, 0)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from ops_audit where action = 'dead_letter.replay' and outcome like ?",
                Integer.class, "replayed [" + messageId + "]%")).isEqualTo(1);
    }

    @Test
    void aDeadLetterWhoseTenantTheBridgeNeverRecordedStaysRefusedWithTheReason() throws Exception {
        String messageId = stageOutage(false);
        send(demo, "ehr.inbound.demo", messageId, "Ida", Map.of("tenant", "demo"));
        JsonNode listed = awaitDeadLetters(messageId, 1).get(0);
        FirstStageFault.heal(messageId);

        JsonNode outcome = replay(listed.path("brokerMessageId").asLong());
        assertThat(outcome.path("affected").asInt()).isZero();
        assertThat(outcome.at("/refused/0/messageId").asText()).isEqualTo(messageId);
        assertThat(outcome.at("/refused/0/reason").asText()).isEqualTo("tenant_not_established");
        assertThat(outcome.at("/refused/0/detail").asText()).contains("recorded no dead-lettered message");
        assertThat(awaitDeadLetters(messageId, 1)).as("still there for the operator").hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from ops_audit where action = 'dead_letter.replay' and outcome like ?",
                Integer.class, "%refused [" + messageId + " tenant_not_established]%")).isEqualTo(1);
        discard(listed.path("brokerMessageId").asLong());
    }

    @Test
    void aForgedDeadLetterIsReplayedOnlyAsItsSendersNeverIntoTheTenantItNames() throws Exception {
        // demo's message X, dead-lettered by the first stage
        String messageId = stageOutage(true);
        send(demo, "ehr.inbound.demo", messageId, "Hedwig", Map.of("tenant", "demo"));
        awaitDeadLetters(messageId, 1);
        // acme's client sends with demo's messageId and every tenant mark naming demo; it is dead-lettered too
        Map<String, String> forged = new HashMap<>();
        forged.put("authenticatedTenant", "demo");
        forged.put("_AMQ_ORIG_ADDRESS", "ehr.inbound.demo");
        forged.put("bridgeOriginalAddress", "ehr.inbound.demo");
        try (AmqpClient acme = AmqpClient.as("acme", broker.resolvedPort())) {
            send(acme, "ehr.inbound.acme", messageId, "Mallory", forged);
            awaitDeadLetters(messageId, 2);
            FirstStageFault.heal(messageId);

            // the rule itself: the broker's mark must name a tenant the bridge recorded for this messageId
            assertThat(firstStage.establish(messageId, 0, "demo")).isInstanceOf(FirstStageReplay.Established.class);
            assertThat(firstStage.establish(messageId, 0, "other")).isInstanceOf(FirstStageReplay.Refusal.class);

            long forgedId = brokerIdStampedBy(messageId, "acme");
            JsonNode outcome = replay(forgedId);
            assertThat(outcome.path("affected").asInt()).as(outcome.toString()).isEqualTo(1);

            // it went back as acme's: acme (no connected user) is told to authorize; demo hears nothing of it
            Message toAcme = acme.receive("ehr.outbound.acme", "correlationId = '" + messageId + "'", 20_000);
            assertThat(toAcme).as("processed as acme's message").isNotNull();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(journalRow("acme", messageId).path("replayCount").asInt()).isEqualTo(1));
            assertThat(demo.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 1_000)).isNull();
            JsonNode demoRow = journalRow("demo", messageId);
            assertThat(demoRow.path("state").asText()).as("demo's own dead letter untouched").isEqualTo("DEAD_LETTERED");
            assertThat(demoRow.path("replayCount").asInt()).isZero();
            assertThat(awaitDeadLetters(messageId, 1).get(0).path("brokerMessageId").asLong()).isNotEqualTo(forgedId);
        }
        // and demo's own is replayed as demo's
        JsonNode outcome = replay(awaitDeadLetters(messageId, 1).get(0).path("brokerMessageId").asLong());
        assertThat(outcome.path("affected").asInt()).isEqualTo(1);
        Message answer = demo.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
        assertThat(answer).isNotNull();
        assertThat(AmqpClient.text(answer)).doesNotContain("Mallory");
    }

    private String stageOutage(boolean failuresRecorded) {
        String messageId = UUID.randomUUID().toString();
        staged.add(messageId);
        FirstStageFault.failFor(messageId, failuresRecorded);
        return messageId;
    }

    private static void send(AmqpClient client, String address, String messageId, String firstName, Map<String, String> extra) throws Exception {
        String mrn = "MRN-" + UUID.randomUUID();
        Map<String, String> props = new HashMap<>(extra);
        props.put("ehrUserId", "dr-bennett");
        props.put("messageId", messageId);
        client.send(address, "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Replay\",\"email\":\"" + mrn.toLowerCase() + "@example.com\"}}", props);
    }

    private long brokerIdStampedBy(String messageId, String tenant) throws Exception {
        JsonNode list = json.readTree(String.valueOf(management.queueOperation(DLQ, "listMessagesAsJSON",
                "messageId = '" + messageId + "' AND authenticatedTenant = '" + tenant + "'")));
        assertThat(list).hasSize(1);
        return list.get(0).path("messageID").asLong();
    }

    private JsonNode awaitDeadLetters(String messageId, int count) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var r = http.admin("GET", "/api/admin/dead-letters?queue=" + DLQ + "&messageId=" + messageId, null, ADMIN, PASSWORD, false);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode list = json.readTree(r.body());
            assertThat(list).hasSize(count);
            found[0] = list;
        });
        return found[0];
    }

    private JsonNode replay(long brokerId) throws Exception {
        var r = http.admin("POST", "/api/admin/dead-letters/replay", "{\"queue\":\"" + DLQ + "\",\"ids\":[" + brokerId + "]}", ADMIN, PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }

    private void discard(long brokerId) {
        var r = http.admin("POST", "/api/admin/dead-letters/discard", "{\"queue\":\"" + DLQ + "\",\"ids\":[" + brokerId + "]}", ADMIN, PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private JsonNode journalRow(String tenant, String messageId) throws Exception {
        var r = http.admin("GET", "/api/admin/journal?direction=inbound&tenant=" + tenant + "&messageId=" + messageId, null, ADMIN, PASSWORD, false);
        JsonNode rows = json.readTree(r.body());
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}

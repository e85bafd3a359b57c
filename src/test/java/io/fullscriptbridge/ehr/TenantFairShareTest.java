package io.fullscriptbridge.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fullscriptbridge.BridgeApplication;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.ops.TenantFairShare;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import jakarta.jms.Message;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

/**
 * A fair share per tenant (D84) on the real parts: tenant A (demo) has a backlog of new patients, each three
 * Fullscript calls, waiting for a tiny budget (4 requests per 400 ms); tenant B (acme, its own connected user) then
 * sends one new patient. B's answer comes while most of A's backlog still waits: B's message did not queue behind
 * A's in ehr.inbound.accepted (A is backlogged, its later messages go at a lower priority), and at the budget B's
 * calls took turns with A's. Without the fair share B's message is the last of the queue: it is answered only once
 * A's backlog is down to the messages the consumers hold (at most {@code concurrent-consumers}).
 * <p>Then A's own EHR user reads a linked patient's treatment plans ({@code refresh=true}, an interactive call, D83):
 * it goes before A's waiting backlog calls. Then every message of both tenants is answered exactly once, A's in order (nothing
 * superseded).
 * <p>Its own context: the tiny budget would slow every other test down.
 */
@SpringBootTest(classes = BridgeApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "camel.main.name=bridge-fair-share-test",
        "bridge.fullscript.rate-budget.requests=4",
        "bridge.fullscript.rate-budget.window=400ms",
        "bridge.fullscript.rate-budget.interactive-reserve-percent=0",
        // priority alone, the window's sends paced (D83): the read waits at most a tenth of the window
        "bridge.fullscript.rate-budget.bulk-spread=10",
        "bridge.inbound.fair-share.backlog=4",
        // a list set here replaces the profile's whole list: demo's dr-bennett again, and acme's dr-lee (clinic 2)
        "bridge.dev-connections[0].tenant=demo",
        "bridge.dev-connections[0].ehr-user-id=dr-bennett",
        "bridge.dev-connections[0].clinic-id=10000000-0000-4000-8000-000000000001",
        "bridge.dev-connections[0].access-token=sim-seed-practitioner-1",
        "bridge.dev-connections[0].refresh-token=sim-seed-practitioner-1-refresh",
        "bridge.dev-connections[0].resource-owner-id=20000000-0000-4000-8000-000000000001",
        "bridge.dev-connections[1].tenant=acme",
        "bridge.dev-connections[1].ehr-user-id=dr-lee",
        "bridge.dev-connections[1].clinic-id=10000000-0000-4000-8000-000000000002",
        "bridge.dev-connections[1].access-token=sim-seed-practitioner-2",
        "bridge.dev-connections[1].refresh-token=sim-seed-practitioner-2-refresh",
        "bridge.dev-connections[1].resource-owner-id=20000000-0000-4000-8000-000000000002",
})
@ActiveProfiles("test")
@CamelSpringBootTest
class TenantFairShareTest {

    /** Tenant A's backlog: new patients (3 calls each); the first two also get a second version right after the first. */
    private static final int A_PATIENTS = 40;

    @Autowired BrokerProperties broker;
    @Autowired JdbcTemplate jdbc;
    @Autowired SimulatorRequestLog requests;
    @LocalServerPort int port;
    @Value("${bridge.inbound.concurrent-consumers}") int consumers;

    @Test
    void tenantBsMessageIsAnsweredWhileTenantAsBacklogWaitsForTheBudget() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        // the HTTP stack's first request initializes it (seconds on a busy machine): not part of the read measured below
        assertThat(treatmentPlans("demo", "test-demo-api-key", "dr-bennett", "no-such-patient-" + run, false).statusCode()).isEqualTo(404);
        List<AmqpClient.Outgoing> backlog = new ArrayList<>();
        for (int p = 0; p < A_PATIENTS; p++) {
            String mrn = "A-" + run + "-" + p;
            backlog.add(upsert(mrn, "First", "demo", "dr-bennett", mrn + "-v0"));
            if (p < 2) {
                backlog.add(upsert(mrn, "Second", "demo", "dr-bennett", mrn + "-v1"));
            }
        }
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            demo.sendAll("ehr.inbound.demo", backlog);
        }
        // A's whole backlog has passed the first stage and waits in ehr.inbound.accepted or at the budget
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> journalled("demo", run) == backlog.size());
        assertThat(inFlight("demo", run)).as("A's backlog is still there when B sends").isGreaterThan(backlog.size() / 2);

        String bMrn = "B-" + run;
        try (AmqpClient acme = AmqpClient.as("acme", broker.resolvedPort())) {
            acme.send("ehr.inbound.acme", upsert(bMrn, "Bea", "acme", "dr-lee", bMrn).body(),
                    upsert(bMrn, "Bea", "acme", "dr-lee", bMrn).properties());
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20)).until(() -> !"RECEIVED".equals(state("acme", bMrn)));
        int aStillWaiting = inFlight("demo", run);

        assertThat(state("acme", bMrn)).isEqualTo("ANSWERED");
        assertThat(aStillWaiting).as("A's messages still waiting when B's was answered (FIFO: at most the %d the consumers hold)", consumers)
                .isGreaterThan(backlog.size() / 3);
        assertThat(sharePriority("acme", bMrn)).as("B has no backlog: not marked (only a low-priority message is)").isNull();
        // what keeps A low until its backlog is done: its low-priority messages are marked in the journal
        assertThat(marked("demo", run)).as("A's messages sent at the low priority, marked").isGreaterThan(backlog.size() / 2);

        // A's own EHR user reads one of A's linked patients' treatment plans (refresh=true) while A's backlog still
        // holds the budget: the read is interactive (D83) and goes before A's waiting calls (turns by tenant do not
        // help here: it is A's own tenant). Counted, not timed: A's backlog requests that reached Fullscript between
        // the read's start and its own request are only those already let through when it started (the budget lets
        // about one go per 100 ms here); first come, first served it would queue behind every waiting call of A's
        // backlog (about one per consumer)
        String linkedA = jdbc.queryForList("select message_id from message_journal where tenant = 'demo' and direction = 'inbound' and state = 'ANSWERED' and message_id like ?",
                String.class, "A-" + run + "-%-v0").get(0).replace("-v0", "");
        long readStarted = System.nanoTime();
        HttpResponse<String> read = treatmentPlans("demo", "test-demo-api-key", "dr-bennett", linkedA, true);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(inFlight("demo", run)).as("A's backlog still waits after the read").isGreaterThan(consumers);
        long readArrived = requests.entries(e -> e.endpointKey().startsWith("GET ") && e.endpointKey().endsWith("/treatment_plans"))
                .stream().mapToLong(SimulatorRequestLog.Entry::arrivalNanos).max().orElseThrow();
        long aAhead = requests.entries(e -> !e.endpointKey().endsWith("/treatment_plans") && (e.mentions("a-" + run) || e.mentions("A-" + run)))
                .stream().filter(e -> e.arrivalNanos() > readStarted && e.arrivalNanos() < readArrived).count();
        // measured: 0 with the lane; 9 with every call in the bulk lane. The slack covers the read's own work before
        // it asks the budget (its database reads) on a busy machine, while the budget keeps letting A's calls go
        assertThat(aAhead).as("A's backlog requests that reached Fullscript while the interactive read waited").isLessThanOrEqualTo(4);

        // every message answered once, A's in order
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> inFlight("demo", run) == 0);
        assertThat(jdbc.queryForList("select state from message_journal where tenant = 'demo' and direction = 'inbound' and message_id like ?",
                String.class, "A-" + run + "-%")).hasSize(backlog.size()).containsOnly("ANSWERED");
        Map<String, Integer> answers = answers("demo", backlog.size());
        assertThat(answers).as("one answer per message").hasSize(backlog.size()).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            assertThat(demo.receive("ehr.outbound.demo", null, 500)).as("no second answer").isNull();
        }
        Message bAnswer = AmqpClient.receiveAs("acme", broker.resolvedPort(), "ehr.outbound.acme", null, 10_000);
        assertThat(bAnswer).isNotNull();
        assertThat(bAnswer.getStringProperty("type")).isEqualTo("patient.linked");
    }

    private HttpResponse<String> treatmentPlans(String tenant, String apiKey, String ehrUserId, String ehrPatientId, boolean refresh) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/patients/" + ehrPatientId + "/treatment-plans" + (refresh ? "?refresh=true" : "")))
                .header("X-Bridge-Tenant", tenant).header("X-Bridge-Api-Key", apiKey)
                .header("X-Bridge-Ehr-User-Id", ehrUserId).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static AmqpClient.Outgoing upsert(String mrn, String firstName, String tenant, String ehrUserId, String messageId) {
        String body = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + firstName
                + "\",\"lastName\":\"Fair\",\"email\":\"" + mrn.toLowerCase() + "@example.com\"}}";
        return new AmqpClient.Outgoing(body, Map.of("tenant", tenant, "ehrUserId", ehrUserId, "messageId", messageId));
    }

    /** The answers on the tenant's outbound queue by correlationId, every type but patient.linked counted as a failure. */
    private Map<String, Integer> answers(String tenant, int expected) throws Exception {
        Map<String, Integer> byId = new HashMap<>();
        try (AmqpClient ehr = AmqpClient.as(tenant, broker.resolvedPort())) {
            for (int i = 0; i < expected; i++) {
                Message answer = ehr.receive("ehr.outbound." + tenant, null, 10_000);
                assertThat(answer).as("answer %d of %d", i + 1, expected).isNotNull();
                assertThat(answer.getStringProperty("type")).as("answer to %s", answer.getStringProperty("correlationId")).isEqualTo("patient.linked");
                byId.merge(answer.getStringProperty("correlationId"), 1, Integer::sum);
            }
        }
        return byId;
    }

    private int journalled(String tenant, String run) {
        return jdbc.queryForObject("select count(*) from message_journal where tenant = ? and direction = 'inbound' and message_id like ?",
                Integer.class, tenant, "A-" + run + "-%");
    }

    private int marked(String tenant, String run) {
        return jdbc.queryForObject("select count(*) from message_journal where tenant = ? and direction = 'inbound' and share_priority = ? and message_id like ?",
                Integer.class, tenant, TenantFairShare.BACKLOGGED, "A-" + run + "-%");
    }

    private int inFlight(String tenant, String run) {
        return jdbc.queryForObject("select count(*) from message_journal where tenant = ? and direction = 'inbound' and state = 'RECEIVED' and message_id like ?",
                Integer.class, tenant, "A-" + run + "-%");
    }

    private String state(String tenant, String messageId) {
        return jdbc.queryForList("select state from message_journal where tenant = ? and direction = 'inbound' and message_id = ?",
                String.class, tenant, messageId).stream().findFirst().orElse("RECEIVED");
    }

    private Integer sharePriority(String tenant, String messageId) {
        return jdbc.queryForObject("select share_priority from message_journal where tenant = ? and direction = 'inbound' and message_id = ?",
                Integer.class, tenant, messageId);
    }
}

package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.oauth.DevConnectionSeeder;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.simulator.SimulatorReset;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorTokens;
import io.fullscriptbridge.support.AmqpClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Issue 12's window check: no path reaches Fullscript around the rate budget. Every request the simulator received
 * is one the budget let through (each acquisition is one {@code bridge.fullscript.budget.wait} sample, and one HTTP
 * attempt follows it), over the paths suspected of bypassing it: a bulk patient sync, an interactive
 * {@code refresh=true} read, a 503 retried inside the route, a 401 whose token refresh calls Fullscript's token
 * endpoint before the retry. The interactive read's requests are counted in the interactive lane, the others in
 * the bulk lane (D83).
 */
@ResilienceContextTest
class EveryRequestThroughTheBudgetTest {

    static final String CLINIC = "GET /api/clinic";

    @Autowired FullscriptApi fullscript;
    @Autowired FaultInjector faults;
    @Autowired SimulatorReset simulator;
    @Autowired SimulatorTokens simulatorTokens;
    @Autowired SimulatorRequestLog requests;
    @Autowired DevConnectionSeeder devConnections;
    @Autowired CircuitBreaker circuitBreaker;
    @Autowired MeterRegistry meters;
    @Autowired BrokerProperties broker;
    @Autowired JdbcTemplate jdbc;
    @LocalServerPort int port;

    @BeforeEach
    void seeded() {
        simulator.resetAll();
        devConnections.seed();
        circuitBreaker.reset();
    }

    @AfterEach
    void clean() {
        faults.reset();
        simulator.resetAll();
        devConnections.seed();
    }

    private long budgetPasses(FullscriptLane lane) {
        Timer timer = meters.find("bridge.fullscript.budget.wait").tag("lane", lane.name().toLowerCase(java.util.Locale.ROOT)).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void everyRequestFullscriptReceivesWasLetThroughByTheBudgetInItsLane() throws Exception {
        long requestsBefore = requests.total();
        long bulkBefore = budgetPasses(FullscriptLane.BULK);
        long interactiveBefore = budgetPasses(FullscriptLane.INTERACTIVE);

        // bulk: a new patient from the EHR (metadata lookup, e-mail search, create)
        String mrn = "W-" + UUID.randomUUID().toString().substring(0, 8);
        try (AmqpClient demo = AmqpClient.as("demo", broker.resolvedPort())) {
            demo.send("ehr.inbound.demo", "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn
                            + "\",\"firstName\":\"Win\",\"lastName\":\"Dow\",\"email\":\"" + mrn.toLowerCase() + "@example.com\"}}",
                    Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", mrn));
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> "ANSWERED".equals(jdbc.queryForList(
                "select state from message_journal where tenant = 'demo' and direction = 'inbound' and message_id = ?", String.class, mrn)
                .stream().findFirst().orElse(null)));

        // interactive: the EHR user's refresh=true read of that patient's treatment plans
        HttpResponse<String> read = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/patients/" + mrn + "/treatment-plans?refresh=true"))
                .header("X-Bridge-Tenant", "demo").header("X-Bridge-Api-Key", "test-demo-api-key")
                .header("X-Bridge-Ehr-User-Id", "dr-bennett").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        long interactiveRequests = requests.entries(e -> e.endpointKey().startsWith("GET ") && e.endpointKey().endsWith("/treatment_plans")).size();
        assertThat(interactiveRequests).as("the refresh read Fullscript").isPositive();

        // bulk: a 503 retried in the route, then a 401 (expired token) whose refresh calls the token endpoint, then the retry
        assertThat(simulatorTokens.expireAccessToken(SimulatorSeed.TOKEN_PRACTITIONER_1)).isEqualTo(1);
        faults.configure(new FaultSettings(null, null, null, null, null, 1, 503, CLINIC, null));
        fullscript.clinic(new ActingUser("demo", "dr-bennett", null));
        assertThat(requests.count(CLINIC)).as("503, 401, 200").isEqualTo(3);
        assertThat(requests.count("POST /api/oauth/token")).isEqualTo(1);

        long received = requests.total() - requestsBefore;
        assertThat(received).isGreaterThanOrEqualTo(3 + interactiveRequests + 4);
        // a request is logged at the simulator when it was answered, the budget's sample when it let the request go
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                (budgetPasses(FullscriptLane.BULK) - bulkBefore) + (budgetPasses(FullscriptLane.INTERACTIVE) - interactiveBefore))
                .as("requests the budget let through; the simulator received %d", requests.total() - requestsBefore)
                .isEqualTo(requests.total() - requestsBefore));
        assertThat(budgetPasses(FullscriptLane.INTERACTIVE) - interactiveBefore).as("the refresh read's requests, in the interactive lane")
                .isEqualTo(interactiveRequests);
    }
}

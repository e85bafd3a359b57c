package io.fullscriptbridge.topology;

import static io.fullscriptbridge.support.RollingWindows.maxInAnyWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The production topology on one machine, from the outside: the standalone Artemis broker (Maven Central's
 * distribution, configured with docker/artemis/broker.properties), one PostgreSQL, the simulator as its own process
 * and two bridge nodes from the built jar in the prod profile. Both nodes take inbound work, a token refresh happens
 * once, a poll fires on one node, no patient is created twice, and a node killed with SIGKILL mid-run loses nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodeTopologyIT {

    private static final String TENANT = "demo";
    private static final String LAUNCH_SECRET = "it-demo-launch-secret";
    private static final String ADMIN = "it-admin";
    private static final String ADMIN_PASSWORD = "it-admin-password-" + UUID.randomUUID();
    private static final String BRIDGE_BROKER_PASSWORD = "it-bridge-broker-" + UUID.randomUUID();
    private static final String TENANT_BROKER_PASSWORD = "it-demo-broker-" + UUID.randomUUID();
    /** dr-bennett's membership in clinic 1 of the simulator's seed data. */
    private static final String PRACTITIONER = "20000000-0000-4000-8000-000000000001";
    private static final int MESSAGES = 60;
    /** Fullscript's budget for this run, shared by both nodes through PostgreSQL (the prod profile's scope=cluster). */
    private static final int BUDGET = 60;
    private static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);

    private static final ObjectMapper json = new ObjectMapper();
    private static Path dir;
    private static EmbeddedPostgres postgres;
    private static StandaloneArtemis broker;
    private static SimulatorNode simulator;
    private static BridgeNode node1;
    private static BridgeNode node2;

    @BeforeAll
    static void startTopology() throws Exception {
        dir = Path.of("target", "topology", UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(dir);
        postgres = EmbeddedPostgres.start();
        broker = new StandaloneArtemis(dir.resolve("broker"), "bridge", BRIDGE_BROKER_PASSWORD)
                .start(Files.readString(Path.of("docker", "artemis", "broker.properties")), Map.of(TENANT, TENANT_BROKER_PASSWORD));

        int node1Port = Ports.free();
        simulator = SimulatorNode.start(dir, "http://127.0.0.1:" + node1Port + "/webhooks/fullscript");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>(Map.ofEntries(
                Map.entry("SPRING_PROFILES_ACTIVE", "prod"),
                Map.entry("DATABASE_URL", postgres.getJdbcUrl("postgres", "postgres")),
                Map.entry("DATABASE_USER", "postgres"),
                Map.entry("DATABASE_PASSWORD", "postgres"),
                Map.entry("ARTEMIS_URL", broker.url()),
                Map.entry("ARTEMIS_USER", broker.user),
                Map.entry("ARTEMIS_PASSWORD", broker.password),
                Map.entry("BRIDGE_SECURITY_TOKEN_KEY", Base64.getEncoder().encodeToString(key)),
                Map.entry("BRIDGE_ADMIN_USERNAME", ADMIN),
                Map.entry("BRIDGE_ADMIN_PASSWORD", ADMIN_PASSWORD),
                Map.entry("FULLSCRIPT_CLIENT_ID", "sim-client-id"),
                Map.entry("FULLSCRIPT_CLIENT_SECRET", "sim-client-secret"),
                Map.entry("FULLSCRIPT_WEBHOOK_CHALLENGE_TOKEN", "sim-webhook-challenge-token"),
                Map.entry("FULLSCRIPT_WEBHOOK_SECRETS", "sim-webhook-signature-secret")));
        List<String> settings = List.of(
                "--bridge.fullscript.api-base-url=" + simulator.apiBaseUrl(),
                "--bridge.tenants.demo.display-name=Demo EHR",
                "--bridge.tenants.demo.launch-secret=" + LAUNCH_SECRET,
                "--bridge.tenants.demo.api-key=it-demo-api-key",
                // a poll every 3 seconds: the clustered scheduler must fire each on one node only
                "--bridge.events.poll.cron=0/3 * * * * ?",
                "--bridge.inbound.concurrent-consumers=4",
                "--bridge.fullscript.rate-budget.requests=" + BUDGET,
                "--bridge.fullscript.rate-budget.window=" + BUDGET_WINDOW.toSeconds() + "s");

        Map<String, String> env1 = new HashMap<>(env);
        env1.put("BRIDGE_OAUTH_PUBLIC_BASE_URL", "http://127.0.0.1:" + node1Port);
        node1 = startNode("node-1", node1Port, env1, settings);
        int node2Port = Ports.free();
        Map<String, String> env2 = new HashMap<>(env);
        env2.put("BRIDGE_OAUTH_PUBLIC_BASE_URL", "http://127.0.0.1:" + node2Port);
        node2 = startNode("node-2", node2Port, env2, settings);
        node1.awaitUp();
        node2.awaitUp();
    }

    private static BridgeNode startNode(String name, int port, Map<String, String> env, List<String> settings) {
        List<String> all = new ArrayList<>(settings);
        all.add("--bridge.data-dir=" + dir.resolve(name + "-data"));
        return BridgeNode.startOnPort(name, port, dir, env, all);
    }

    @AfterAll
    static void stopTopology() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {node2, node1, simulator, broker, postgres}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @Test
    @Order(2)
    void twoNodesShareTheWorkAndAKilledNodeLosesNothing() throws Exception {
        connectThroughTheBrowserFlow(node1, "dr-bennett");
        clearSimulatorRequests();
        // the practitioner's access token expires at Fullscript while the bridge still holds it: both nodes meet a 401
        // and must refresh it once between them
        expireAccessTokensAtFullscript(PRACTITIONER);

        Map<String, String> emailByMessage = new HashMap<>();
        // the EHR logs in as its tenant's broker user and sends to its own inbound address
        try (Connection ehr = new ActiveMQConnectionFactory(broker.url(), TENANT, TENANT_BROKER_PASSWORD).createConnection()) {
            ehr.start();
            Session session = ehr.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue("ehr.inbound." + TENANT));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < MESSAGES; i++) {
                String mrn = "IT-" + run + "-" + i;
                String email = mrn.toLowerCase() + "@example.com";
                TextMessage message = session.createTextMessage("{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn
                        + "\",\"firstName\":\"Grace\",\"lastName\":\"Hopper\",\"email\":\"" + email + "\"}}");
                String messageId = "it-" + run + "-" + i;
                message.setStringProperty("ehrUserId", "dr-bennett");
                message.setStringProperty("messageId", messageId);
                producer.send(message);
                emailByMessage.put(messageId, email);
            }

            Set<String> answered = new HashSet<>();
            List<String> answers = new ArrayList<>();
            MessageConsumer outbound = session.createConsumer(session.createQueue("ehr.outbound." + TENANT));
            boolean killed = false;
            long deadline = System.currentTimeMillis() + Duration.ofMinutes(6).toMillis();
            while (answered.size() < MESSAGES && System.currentTimeMillis() < deadline) {
                Message answer = outbound.receive(1000);
                if (answer == null) {
                    continue;
                }
                JsonNode body = json.readTree(((TextMessage) answer).getText());
                if (emailByMessage.containsKey(body.path("correlationId").asText())) {
                    assertThat(body.path("type").asText()).as(body.toString()).isEqualTo("patient.linked");
                    answered.add(body.path("correlationId").asText());
                    answers.add(body.path("correlationId").asText());
                }
                if (!killed && answered.size() >= MESSAGES / 3) {
                    assertThat(routeExchanges(node2, "ehr-patient-sync")).as("node 2 took part of the inbound work").isPositive();
                    assertThat(routeExchanges(node1, "ehr-patient-sync")).as("node 1 took part of the inbound work").isPositive();
                    node2.process().kill9();
                    killed = true;
                }
            }
            assertThat(killed).isTrue();
            assertThat(answered).as("every message answered although node 2 was killed mid-run").hasSize(MESSAGES);
        }

        // Fullscript holds each patient once: a message redelivered after the kill found its patient again
        JsonNode state = simulatorGet("/simulator/admin/state");
        Map<String, Integer> patientsByEmail = new HashMap<>();
        for (JsonNode p : state.path("patients")) {
            patientsByEmail.merge(p.path("patient").path("email").asText().toLowerCase(), 1, Integer::sum);
        }
        for (String email : emailByMessage.values()) {
            assertThat(patientsByEmail.getOrDefault(email, 0)).as("patients at Fullscript with %s", email).isEqualTo(1);
        }
        // one refresh for the expired token, whichever node met the 401 first
        assertThat(simulatorRequests("POST /api/oauth/token")).as("token refreshes across both nodes").isEqualTo(1);

        // both nodes together stayed within the one budget, as Fullscript counts: by arrival. A request reaches
        // Fullscript a little after the budget lets it go, so count over a window a second shorter; two budgets of
        // their own would put twice as many into it.
        List<Double> arrivals = new ArrayList<>();
        for (JsonNode a : simulatorGet("/simulator/admin/requests/arrivals")) {
            arrivals.add(a.path("arrivalMillis").asDouble());
        }
        java.util.Collections.sort(arrivals);
        assertThat(arrivals).as("the run needed more than one budget").hasSizeGreaterThan(BUDGET);
        assertThat(maxInAnyWindow(arrivals, BUDGET_WINDOW.toMillis() - 1000)).as("requests of both nodes in any rolling window")
                .isLessThanOrEqualTo(BUDGET);
    }



    @Test
    @Order(0)
    void theExternalBrokerKeepsTenantsApart() throws Exception {
        ActiveMQConnectionFactory asTenant = new ActiveMQConnectionFactory(broker.url(), TENANT, TENANT_BROKER_PASSWORD);
        try (Connection ehr = asTenant.createConnection()) {
            Session session = ehr.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String forbidden : List.of("ehr.inbound", "ehr.inbound.invalid", "fullscript.events")) {
                assertThatThrownBy(() -> session.createConsumer(session.createQueue(forbidden)))
                        .as("tenant reading " + forbidden).isInstanceOf(jakarta.jms.JMSSecurityException.class);
            }
            assertThatThrownBy(() -> session.createProducer(session.createQueue("ehr.inbound")).send(session.createTextMessage("{}")))
                    .as("tenant sending to the bridge's own queue").isInstanceOf(jakarta.jms.JMSSecurityException.class);
        }
        assertThatThrownBy(() -> new ActiveMQConnectionFactory(broker.url()).createConnection().close())
                .as("anonymous connection").isInstanceOf(jakarta.jms.JMSSecurityException.class);
    }

    @Test
    @Order(1)
    void eachScheduledPollRunsOnOneNodeOnly() throws Exception {
        // both nodes run the clustered Quartz scheduler with a 3-second cron; count the polls each one logged
        await().atMost(Duration.ofSeconds(60)).until(() -> polls(node1) + polls(node2) >= 4);
        long start = System.currentTimeMillis();
        int before = polls(node1) + polls(node2);
        Thread.sleep(12_000);
        int fired = polls(node1) + polls(node2) - before;
        long firings = (System.currentTimeMillis() - start) / 3000;
        assertThat(fired).as("polls in %d firings of the cron across two nodes", firings).isBetween(1, (int) firings + 1);
    }

    // --- the outside world's moves -------------------------------------------------------------------------------

    /** The practitioner clicks "Connect my Fullscript account" in the EHR and approves at Fullscript. */
    private static void connectThroughTheBrowserFlow(BridgeNode node, String ehrUserId) throws Exception {
        simulatorPost("/simulator/admin/oauth/auto-approve", "{\"membershipId\":\"" + PRACTITIONER + "\"}");
        BrowserConnect.connect(node::url, TENANT, ehrUserId, LAUNCH_SECRET);
    }

    private static void expireAccessTokensAtFullscript(String resourceOwnerId) throws Exception {
        simulatorPost("/simulator/admin/tokens/expire", "{\"resourceOwnerId\":\"" + resourceOwnerId + "\"}");
    }

    private static void clearSimulatorRequests() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.url("/simulator/admin/requests"))).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    private static long simulatorRequests(String endpoint) throws Exception {
        return simulatorGet("/simulator/admin/requests").path("counts").path(endpoint).asLong(0);
    }

    private static JsonNode simulatorGet(String path) throws Exception {
        return json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.url(path))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void simulatorPost(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.url(path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isBetween(200, 299);
    }

    /** camel_exchanges_total of a route on a node, from its Prometheus endpoint (admin credentials). */
    private static long routeExchanges(BridgeNode node, String routeId) throws Exception {
        String text = node.prometheus(ADMIN, ADMIN_PASSWORD);
        Matcher m = Pattern.compile("(?m)^camel_exchanges_total\\{[^}]*routeId=\"" + Pattern.quote(routeId) + "\"[^}]*} ([0-9.E]+)").matcher(text);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static int polls(BridgeNode node) {
        Matcher m = Pattern.compile("events poll done").matcher(node.process().logText());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}

package io.fullscriptbridge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The production topology with one bridge node, for fault tests: the standalone Artemis broker (restartable, its
 * journal persistent), an embedded PostgreSQL that can be stopped and started again, the simulator as its own
 * process and one bridge node from the built jar in the prod profile, which a test may kill with SIGKILL and start
 * again on the same port. The practitioner is connected through the browser flow, as in {@link TwoNodeTopologyIT}.
 */
final class FaultTopology implements AutoCloseable {

    static final String TENANT = "demo";
    static final String EHR_USER = "dr-bennett";
    private static final String LAUNCH_SECRET = "it-demo-launch-secret";
    private static final String ADMIN = "it-admin";
    /** dr-bennett's membership in clinic 1 of the simulator's seed data. */
    private static final String PRACTITIONER = "20000000-0000-4000-8000-000000000001";
    private static final ObjectMapper json = new ObjectMapper();

    final Path dir;
    final RestartablePostgres postgres;
    final StandaloneArtemis broker;
    final SimulatorNode simulator;
    final String tenantPassword;
    private final String adminPassword = "it-admin-password-" + UUID.randomUUID();
    private final int nodePort = Ports.free();
    private final Map<String, String> environment;
    private final List<String> settings;
    private BridgeNode node;
    private int nodeStarts;
    private EhrTraffic ehr;

    private FaultTopology(Path dir, RestartablePostgres postgres, StandaloneArtemis broker, String tenantPassword,
                          SimulatorNode simulator, Map<String, String> environment, List<String> settings) {
        this.dir = dir;
        this.tenantPassword = tenantPassword;
        this.postgres = postgres;
        this.broker = broker;
        this.simulator = simulator;
        this.environment = environment;
        this.settings = settings;
    }

    /** {@link #start(String, List)} with the repository's docker/artemis/broker.properties as it is. */
    static FaultTopology start(List<String> nodeSettings) throws Exception {
        return start(Files.readString(Path.of("docker", "artemis", "broker.properties")), nodeSettings);
    }

    /** The EHR's side (sends as the tenant, reads its answers): one per topology, closed with it. */
    synchronized EhrTraffic ehr() {
        if (ehr == null) {
            ehr = new EhrTraffic(broker.url(), TENANT, tenantPassword);
        }
        return ehr;
    }

    /**
     * Starts everything and connects the practitioner. {@code brokerProperties} is the broker.properties text
     * (docker/artemis/broker.properties, possibly with a test's changes); {@code nodeSettings} are added to the node's
     * command line after the defaults here (Spring takes the last value of a repeated setting).
     */
    static FaultTopology start(String brokerProperties, List<String> nodeSettings) throws Exception {
        Path dir = Path.of("target", "topology", UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(dir);
        RestartablePostgres postgres = new RestartablePostgres(dir.resolve("pgdata")).start();
        String brokerPassword = "it-bridge-broker-" + UUID.randomUUID();
        StandaloneArtemis broker = new StandaloneArtemis(dir.resolve("broker"), "bridge", brokerPassword);
        String tenantPassword = "it-demo-broker-" + UUID.randomUUID();
        broker.start(brokerProperties, Map.of(TENANT, tenantPassword));
        // no webhooks: the only writers of the database are the inbound stages (a crash test locks tables)
        SimulatorNode simulator = SimulatorNode.start(dir, "");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>(Map.ofEntries(
                Map.entry("SPRING_PROFILES_ACTIVE", "prod"),
                Map.entry("DATABASE_URL", postgres.jdbcUrl()),
                Map.entry("DATABASE_USER", "postgres"),
                Map.entry("DATABASE_PASSWORD", "postgres"),
                Map.entry("ARTEMIS_URL", broker.url()),
                Map.entry("ARTEMIS_USER", broker.user),
                Map.entry("ARTEMIS_PASSWORD", broker.password),
                Map.entry("BRIDGE_SECURITY_TOKEN_KEY", Base64.getEncoder().encodeToString(key)),
                Map.entry("BRIDGE_ADMIN_USERNAME", ADMIN),
                Map.entry("FULLSCRIPT_CLIENT_ID", "sim-client-id"),
                Map.entry("FULLSCRIPT_CLIENT_SECRET", "sim-client-secret"),
                Map.entry("FULLSCRIPT_WEBHOOK_CHALLENGE_TOKEN", "sim-webhook-challenge-token"),
                Map.entry("FULLSCRIPT_WEBHOOK_SECRETS", "sim-webhook-signature-secret")));
        List<String> all = new ArrayList<>(List.of(
                "--bridge.fullscript.api-base-url=" + simulator.apiBaseUrl(),
                "--bridge.tenants.demo.display-name=Demo EHR",
                "--bridge.tenants.demo.launch-secret=" + LAUNCH_SECRET,
                "--bridge.tenants.demo.api-key=it-demo-api-key",
                "--bridge.events.poll.enabled=false",
                "--bridge.data-dir=" + dir.resolve("node-data")));
        all.addAll(nodeSettings);
        // -Dfaults.node.settings="--a=b --c=d": more node settings for a run, e.g. to switch a safeguard off and watch a
        // test fail (docs/reliability.md)
        String extra = System.getProperty("faults.node.settings", "").trim();
        if (!extra.isEmpty()) {
            all.addAll(List.of(extra.split("\\s+")));
        }
        FaultTopology topology = new FaultTopology(dir, postgres, broker, tenantPassword, simulator, env, all);
        topology.environment.put("BRIDGE_ADMIN_PASSWORD", topology.adminPassword);
        topology.environment.put("BRIDGE_OAUTH_PUBLIC_BASE_URL", "http://127.0.0.1:" + topology.nodePort);
        topology.startNode();
        topology.connectThroughTheBrowserFlow();
        return topology;
    }

    /** Starts the node (again, on the same port, data directory and settings) and waits until it answers health. */
    FaultTopology startNode() {
        nodeStarts++;
        node = BridgeNode.startOnPort(nodeStarts == 1 ? "node" : "node-start-" + nodeStarts, nodePort, dir, environment, settings);
        node.awaitUp();
        return this;
    }

    /** SIGKILL of the bridge's JVM. */
    void killNode() throws InterruptedException {
        node.process().kill9();
    }

    BridgeNode node() {
        return node;
    }

    // --- kills at chosen points ------------------------------------------------------------------------------

    /**
     * Slows Fullscript's create by 5 s, kills the node while the simulator holds such a request (it creates the
     * patient after the bridge is gone) and starts the node again. Returns what happened, for the figures.
     */
    String killDuringCreate() throws Exception {
        faults("{\"latencyMs\":5000,\"endpoint\":\"POST /api/clinic/patients\"}");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> inFlight("POST /api/clinic/patients") >= 1);
        int inFlight = inFlight("POST /api/clinic/patients");
        killNode();
        clearFaults();
        long t = System.nanoTime();
        startNode();
        return String.format("[during create: %d creates in flight, restart %.1fs]", inFlight, (System.nanoTime() - t) / 1e9);
    }

    /**
     * Locks the table against writes, kills the node while at least one of its writes to it waits, releases the lock
     * and starts the node again. {@code patient_xref}: the cross-index write after a create;
     * {@code camel_messageprocessed}: the idempotency key, written after the answer went into the JMS transaction
     * and before its commit.
     */
    String killWhileWriting(String table, String what) throws Exception {
        int waiting = whileWriting(table, this::killNode);
        long t = System.nanoTime();
        startNode();
        return String.format("[during %s: %d writes waiting, restart %.1fs]", what, waiting, (System.nanoTime() - t) / 1e9);
    }

    /**
     * Kills the broker while at least one of the node's writes to {@code table} waits behind a lock, then releases the
     * lock: those writes commit after the broker is gone. {@code camel_messageprocessed}: the idempotency key commits
     * and the JMS transaction with the answer cannot. Returns how many writes waited.
     */
    int killBrokerWhileWriting(String table) throws Exception {
        return whileWriting(table, broker::kill9);
    }

    private interface Fault {
        void run() throws Exception;
    }

    /** Locks the table against writes, runs the fault while at least one write to it waits, releases the lock. */
    private int whileWriting(String table, Fault fault) throws Exception {
        try (Connection lock = lockTableForWrites(table)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                    .until(() -> writesWaitingOn(table) >= 1);
            int waiting = writesWaitingOn(table);
            fault.run();
            return waiting;
        }
    }

    /** Messages of a run (messageId {@code m-<run>-…}) on a bridge-only queue, browsed as the bridge's user. */
    int onQueue(String queue, String run) throws Exception {
        try (org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory f =
                     new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(broker.url(), broker.user, broker.password);
             jakarta.jms.Connection c = f.createConnection()) {
            c.start();
            jakarta.jms.Session session = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            jakarta.jms.QueueBrowser browser = session.createBrowser(session.createQueue(queue), "messageId LIKE 'm-" + run + "-%'");
            java.util.Set<String> found = new java.util.HashSet<>();
            for (var e = browser.getEnumeration(); e.hasMoreElements(); ) {
                found.add(((jakarta.jms.Message) e.nextElement()).getStringProperty("messageId"));
            }
            return found.size();
        }
    }

    /** Patients of a run at Fullscript beyond one per e-mail; fails when a message's patient does not exist at all. */
    int duplicatePatients(String run, int messages) throws Exception {
        Map<String, Integer> byEmail = patientsByEmail();
        int duplicates = 0;
        for (int i = 0; i < messages; i++) {
            int n = byEmail.getOrDefault(EhrTraffic.email("F-" + run + "-" + i), 0);
            assertThat(n).as("patients at Fullscript for message %d of run %s", i, run).isGreaterThanOrEqualTo(1);
            duplicates += n - 1;
        }
        return duplicates;
    }

    // --- health and metrics of the node ----------------------------------------------------------------------

    /** /actuator/health as the admin sees it (components shown), or null when the node does not answer. */
    JsonNode health() {
        try {
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(URI.create(node.url("/actuator/health"))).timeout(Duration.ofSeconds(60))
                            .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString());
            return json.readTree(response.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The status of one health component ("jms", "db"), or "" when the node does not answer. */
    String healthOf(String component) {
        JsonNode health = health();
        return health == null ? "" : health.path("components").path(component).path("status").asText();
    }

    /** The node's Prometheus text (admin credentials). */
    String prometheus() throws Exception {
        return node.prometheus(ADMIN, adminPassword);
    }

    /** The first sample of a Prometheus series whose name and labels match, e.g. {@code bridge_fullscript_circuit_state\{[^}]*state="open"}. */
    double metric(String seriesRegex) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + seriesRegex + "[^ ]* ([0-9.Ee+-]+)$").matcher(prometheus());
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** GET of the node's admin API (e.g. {@code /api/admin/journal?messageId=…}), as JSON. */
    JsonNode adminGet(String path) throws Exception {
        return json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.url(path)))
                .header("Authorization", basic()).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((ADMIN + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    // --- the simulator ---------------------------------------------------------------------------------------

    JsonNode simulatorGet(String path) throws Exception {
        return json.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.url(path))).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    void simulatorPost(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.url(path)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " " + response.body()).isBetween(200, 299);
    }

    void simulatorDelete(String path) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulator.url(path))).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
    }

    /** POST /simulator/admin/faults (FaultSettings as JSON); {@link #clearFaults()} turns them off. */
    void faults(String settingsJson) throws Exception {
        simulatorPost("/simulator/admin/faults", settingsJson);
    }

    void clearFaults() throws Exception {
        simulatorDelete("/simulator/admin/faults");
    }

    /** Requests the simulator is handling right now to {@code METHOD /literal/path}. */
    int inFlight(String methodAndPath) throws Exception {
        return simulatorGet("/simulator/admin/requests/in-flight").path(methodAndPath).asInt(0);
    }

    /** How many patients the simulator holds per e-mail (lower case). */
    Map<String, Integer> patientsByEmail() throws Exception {
        Map<String, Integer> byEmail = new HashMap<>();
        for (JsonNode p : simulatorGet("/simulator/admin/state").path("patients")) {
            byEmail.merge(p.path("patient").path("email").asText().toLowerCase(), 1, Integer::sum);
        }
        return byEmail;
    }

    /** Arrival times (ms, the simulator's monotonic clock) of the kept API requests, sorted. */
    List<Double> arrivals() throws Exception {
        List<Double> arrivals = new ArrayList<>();
        for (JsonNode a : simulatorGet("/simulator/admin/requests/arrivals")) {
            arrivals.add(a.path("arrivalMillis").asDouble());
        }
        arrivals.sort(Double::compare);
        return arrivals;
    }

    // --- the database ----------------------------------------------------------------------------------------

    Connection database() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), "postgres", "postgres");
    }

    /**
     * Holds an EXCLUSIVE lock on a table in an open transaction: reads go on, every write to it waits (the bridge's
     * writes to that table block where they are). Close the returned connection to release it.
     */
    Connection lockTableForWrites(String table) throws SQLException {
        Connection c = database();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("lock table " + table + " in exclusive mode");
        }
        return c;
    }

    /** Sessions of the bridge waiting for a lock in a statement that names the table. */
    int writesWaitingOn(String table) throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                     + " and pid <> pg_backend_pid() and query ilike '%" + table + "%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // --- the outside world's moves ---------------------------------------------------------------------------

    /** The practitioner clicks "Connect my Fullscript account" in the EHR and approves at Fullscript. */
    private void connectThroughTheBrowserFlow() throws Exception {
        simulatorPost("/simulator/admin/oauth/auto-approve", "{\"membershipId\":\"" + PRACTITIONER + "\"}");
        BrowserConnect.connect(node::url, TENANT, EHR_USER, LAUNCH_SECRET);
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {ehr, node, simulator, broker, postgres}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }
}

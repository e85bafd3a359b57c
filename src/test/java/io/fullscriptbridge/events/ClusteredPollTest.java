package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.fullscriptbridge.BridgeApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.fullscriptbridge.support.SharedPostgres;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two bridge nodes on one PostgreSQL with the prod profile's clustered Quartz job store: the events poll, due every
 * second, runs once per firing across the cluster, not once per node.
 */
class ClusteredPollTest {

    private static final int SECONDS = 8;

    @Test
    void aPollFiresOnOneNodeOfTheCluster() throws Exception {
        {
            SharedPostgres.Database postgres = SharedPostgres.freshDatabase();
            String url = postgres.jdbcUrl();
            try (ConfigurableApplicationContext nodeA = start(url, null)) {
                String fullscript = "http://127.0.0.1:" + nodeA.getEnvironment().getProperty("local.server.port") + "/simulator/fullscript/api";
                try (ConfigurableApplicationContext nodeB = start(url, fullscript)) {
                    for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
                        Scheduler scheduler = node.getBean(Scheduler.class);
                        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
                        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
                    }
                    double before = runs(nodeA) + runs(nodeB);
                    Thread.sleep(SECONDS * 1000L);
                    double ran = runs(nodeA) + runs(nodeB) - before;
                    // unclustered, two nodes would poll about twice a second
                    assertThat(ran).as("polls in %s s across both nodes", SECONDS).isBetween(2.0, SECONDS + 2.0);
                }
            }
        }
    }

    private static double runs(ConfigurableApplicationContext node) {
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

package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.fullscriptbridge.fullscript.ActingUser;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.fullscriptbridge.BridgeApplication;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.SharedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two bridge nodes (two Spring contexts) on one real PostgreSQL and one Fullscript, two threads each, all wanting
 * the same expired connection at once: the row lock lets exactly one refresh reach Fullscript, and every thread
 * carries on with the new token. Also proves the schema and the JPA mappings on PostgreSQL.
 */
class ConcurrentRefreshOnPostgresTest {

    private static final String USER = "dr-bennett";

    @Test
    void exactlyOneRefreshReachesFullscriptAndEveryoneUsesTheNewToken() throws Exception {
        {
            SharedPostgres.Database postgres = SharedPostgres.freshDatabase();
            String url = postgres.jdbcUrl();
            try (ConfigurableApplicationContext nodeA = start("refresh-node-a", url, null)) {
                String fullscript = "http://127.0.0.1:" + nodeA.getEnvironment().getProperty("local.server.port") + "/simulator/fullscript/api";
                try (ConfigurableApplicationContext nodeB = start("refresh-node-b", url, fullscript)) {
                    JdbcTemplate db = new JdbcTemplate(postgres.dataSource());
                    assertThat(db.update("update fullscript_connection set expires_at = ? where tenant = 'demo' and ehr_user_id = ?",
                            Timestamp.from(Instant.now().minusSeconds(60)), USER)).isEqualTo(1);
                    SimulatorRequestLog fullscriptRequests = nodeA.getBean(SimulatorRequestLog.class);
                    long refreshesBefore = fullscriptRequests.count("POST /api/oauth/token");

                    ExecutorService pool = Executors.newFixedThreadPool(4);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<String>> results = new ArrayList<>();
                    for (ConfigurableApplicationContext node : List.of(nodeA, nodeB, nodeA, nodeB)) {
                        results.add(pool.submit(() -> {
                            go.await();
                            ActingUser user = new ActingUser("demo", USER, null);
                            String token = node.getBean(ConnectionTokenService.class).tokenFor(user).value();
                            // and carry on: a real call with it
                            String clinic = node.getBean(FullscriptApi.class).clinic(user).path("id").asText();
                            assertThat(clinic).isEqualTo(SimulatorSeed.CLINIC_1_ID);
                            return token;
                        }));
                    }
                    go.countDown();
                    List<String> tokens = new ArrayList<>();
                    for (Future<String> f : results) {
                        tokens.add(f.get(60, TimeUnit.SECONDS));
                    }
                    pool.shutdown();

                    assertThat(fullscriptRequests.count("POST /api/oauth/token")).isEqualTo(refreshesBefore + 1);
                    assertThat(tokens).doesNotContain(SimulatorSeed.TOKEN_PRACTITIONER_1);
                    assertThat(tokens.stream().distinct()).hasSize(1);
                    assertThat(db.queryForObject("select refreshed_count from fullscript_connection where tenant = 'demo' and ehr_user_id = ?",
                            Integer.class, USER)).isEqualTo(1);
                    assertThat(fullscriptRequests.count("GET /api/clinic", 200)).isGreaterThanOrEqualTo(4);
                }
            }
        }
    }

    private static ConfigurableApplicationContext start(String name, String jdbcUrl, String fullscriptUrl) {
        List<String> args = new ArrayList<>(List.of(
                "--camel.main.name=" + name,
                "--server.port=0",
                "--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=postgres"));
        if (fullscriptUrl != null) {
            args.add("--bridge.fullscript.api-base-url=" + fullscriptUrl);
        }
        return new SpringApplicationBuilder(BridgeApplication.class).profiles("test").run(args.toArray(String[]::new));
    }
}

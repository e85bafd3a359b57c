package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.List;

import io.fullscriptbridge.BridgeApplication;
import io.fullscriptbridge.support.SharedPostgres;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The bridge starts with the prod profile alone, as deployed: PostgreSQL (Flyway migrates it, Quartz clustered on
 * it), an external broker (here a separate Artemis in this JVM on a free port), no simulator, every secret given as
 * the environment would.
 */
class ProdProfileOnPostgresTest {

    @Test
    void startsOnPostgresAndAnExternalBrokerWithEveryRouteRunning() throws Exception {
        int brokerPort;
        try (ServerSocket free = new ServerSocket(0)) {
            brokerPort = free.getLocalPort();
        }
        EmbeddedActiveMQ externalBroker = new EmbeddedActiveMQ().setConfiguration(new ConfigurationImpl()
                .setPersistenceEnabled(false).setSecurityEnabled(false)
                .addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + brokerPort));
        externalBroker.start();
        try {
            SharedPostgres.Database postgres = SharedPostgres.freshDatabase();
            String[] environment = {
                    "--server.port=0",
                    "--camel.main.name=bridge-prod-profile-test",
                    "--DATABASE_URL=" + postgres.jdbcUrl(),
                    "--DATABASE_USER=postgres",
                    "--DATABASE_PASSWORD=postgres",
                    "--ARTEMIS_URL=tcp://127.0.0.1:" + brokerPort,
                    "--ARTEMIS_USER=bridge",
                    "--ARTEMIS_PASSWORD=bridge",
                    // what BRIDGE_SECURITY_TOKEN_KEY, BRIDGE_ADMIN_*, FULLSCRIPT_* set in the environment
                    "--bridge.security.token-key=dGVzdC1vbmx5LXRva2VuLWtleS0zMi1ieXRlcy0hISE=",
                    "--bridge.admin.username=ops",
                    "--bridge.admin.password=prod-test-admin-password",
                    "--bridge.fullscript.client-id=prod-test-client",
                    "--bridge.fullscript.client-secret=prod-test-secret",
                    "--bridge.oauth.public-base-url=https://bridge.example.com",
                    "--bridge.webhook.challenge-token=prod-test-challenge",
                    "--bridge.webhook.signature-secrets=prod-test-webhook-secret",
                    "--bridge.tenants.acme.display-name=Acme EHR",
                    "--bridge.tenants.acme.launch-secret=prod-test-launch-secret",
                    "--bridge.tenants.acme.api-key=prod-test-api-key"};
            try (ConfigurableApplicationContext bridge = new SpringApplicationBuilder(BridgeApplication.class).profiles("prod").run(environment)) {
                assertThat(bridge.getEnvironment().getActiveProfiles()).containsExactly("prod");
                assertThat(bridge.containsBean("simulatorReset")).as("no simulator in prod").isFalse();
                JdbcTemplate db = new JdbcTemplate(postgres.dataSource());
                assertThat(db.queryForObject("select count(*) from flyway_schema_history where success", Integer.class)).isPositive();
                assertThat(db.queryForList("select table_name from information_schema.tables where table_schema = 'public'", String.class))
                        .contains("fullscript_connection", "message_journal", "qrtz_triggers");
                Scheduler scheduler = bridge.getBean(Scheduler.class);
                assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
                CamelContext camel = bridge.getBean(CamelContext.class);
                assertThat(camel.getRoutes()).isNotEmpty();
                for (String route : List.of("ehr-inbound", "ehr-patient-sync", "fullscript-events", "fullscript-events-poll")) {
                    assertThat(camel.getRouteController().getRouteStatus(route)).as(route).isEqualTo(ServiceStatus.Started);
                }
            }
        } finally {
            externalBroker.stop();
        }
    }
}

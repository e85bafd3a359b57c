package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.Http;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * After a known run (three new patients over the broker, each answered), /actuator/prometheus has moved by exactly
 * that much per route, per Fullscript endpoint and per queue: the numbers an operator's dashboard is built on.
 * The context is shared with other tests, so the test compares before and after.
 */
@BridgeIntegrationTest
class PrometheusAfterKnownRunTest {

    private static final int RUN = 3;

    @LocalServerPort int port;
    @Autowired BrokerProperties broker;
    @Autowired BrokerQueueStats queueStats;

    @Test
    void routeEndpointAndQueueValuesMoveByTheKnownRun() throws Exception {
        Http http = new Http(port);
        queueStats.refresh();
        String before = scrape(http);

        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            for (int i = 0; i < RUN; i++) {
                String mrn = "MRN-" + UUID.randomUUID();
                String messageId = UUID.randomUUID().toString();
                ehr.send("ehr.inbound.demo", "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"Run\",\"lastName\":\"Known\",\"email\":\""
                        + mrn.toLowerCase() + "@example.com\"}}", Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
                Message answer = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
                assertThat(answer).isNotNull();
            }
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            queueStats.refresh();
            String after = scrape(http);
            // per route: each message passed both inbound stages and the outbound route once
            assertThat(delta(before, after, "camel_exchanges_total", "routeId=\"ehr-inbound\"")).isEqualTo(RUN);
            assertThat(delta(before, after, "camel_exchanges_total", "routeId=\"ehr-patient-sync\"")).isEqualTo(RUN);
            assertThat(delta(before, after, "camel_exchanges_failed_total", "routeId=\"ehr-patient-sync\"")).isEqualTo(0);
            // per Fullscript endpoint and status: one create each
            assertThat(delta(before, after, "bridge_fullscript_requests_total", "endpoint=\"POST /api/clinic/patients\"", "status=\"201\"")).isEqualTo(RUN);
            // per queue: added on both stages' queues and the tenant's outbound queue, nothing left waiting
            assertThat(delta(before, after, "bridge_broker_queue_added_total", "queue=\"ehr.inbound\"")).isEqualTo(RUN);
            assertThat(delta(before, after, "bridge_broker_queue_added_total", "queue=\"ehr.inbound.accepted\"")).isEqualTo(RUN);
            assertThat(value(after, "bridge_broker_queue_depth", "queue=\"ehr.inbound.accepted\"")).isEqualTo(0);
            assertThat(delta(before, after, "bridge_broker_queue_added_total", "queue=\"ehr.outbound.demo\"")).isEqualTo(RUN);
        });
    }

    private static String scrape(Http http) {
        var r = http.admin("GET", "/actuator/prometheus", null, "test-admin", "test-admin-password", false);
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static double delta(String before, String after, String metric, String... labels) {
        return value(after, metric, labels) - value(before, metric, labels);
    }

    /** The sum of every series of the metric carrying all the labels (0 when there is none yet). */
    static double value(String scrape, String metric, String... labels) {
        double sum = 0;
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} ([0-9.eE+-]+)$").matcher(scrape);
        while (m.find()) {
            String found = m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}

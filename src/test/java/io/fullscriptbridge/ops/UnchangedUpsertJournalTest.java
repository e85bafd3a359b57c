package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.Http;
import jakarta.jms.Message;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A known patient sent again with nothing changed is answered without any Fullscript call, and the journal says so
 * (UNCHANGED, counted as filtered for the route that answered it, the first stage since D93, on /actuator/prometheus
 * and in the console's route figures); a
 * changed one costs one PATCH and is ANSWERED as before (D64).
 */
@BridgeIntegrationTest
class UnchangedUpsertJournalTest {

    private static final String ADMIN = "test-admin";
    private static final String PASSWORD = "test-admin-password";

    @Autowired BrokerProperties broker;
    @Autowired SimulatorRequestLog requests;
    @Autowired ObjectMapper json;
    @LocalServerPort int port;

    @Test
    void aRepeatedUnchangedUpsertIsJournalledUnchangedWithoutFullscriptCallsAndAChangedOneAnswered() throws Exception {
        Http http = new Http(port);
        String mrn = "MRN-" + UUID.randomUUID();
        String email = mrn.toLowerCase() + "@example.com";
        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            JsonNode created = upsert(ehr, mrn, "Rosalind", email);
            assertThat(state(http, created.path("correlationId").asText())).isEqualTo("ANSWERED");
            String fullscriptId = created.at("/data/fullscriptPatientId").asText();

            double filteredBefore = filtered(http);
            long callsBefore = requests.countMentioning(mrn, email, fullscriptId);
            JsonNode again = upsert(ehr, mrn, "Rosalind", email);
            assertThat(again.path("type").asText()).isEqualTo("patient.linked");
            assertThat(again.at("/data/matchedBy").asText()).isEqualTo("xref");
            assertThat(requests.countMentioning(mrn, email, fullscriptId) - callsBefore).as("no Fullscript call").isZero();
            String unchangedId = again.path("correlationId").asText();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(state(http, unchangedId)).isEqualTo("UNCHANGED"));
            JsonNode row = json.readTree(get(http, "/api/admin/journal?direction=inbound&messageId=" + unchangedId)).get(0);
            assertThat(row.path("matchedBy").asText()).isEqualTo("xref");
            assertThat(row.path("completedAt").isNull()).isFalse();
            // the first stage answered it (D93)
            assertThat(filtered(http) - filteredBefore).as("counted as filtered for ehr-inbound").isEqualTo(1);
            JsonNode routes = json.readTree(get(http, "/api/admin/routes"));
            JsonNode sync = null;
            for (JsonNode r : routes) {
                if ("ehr-inbound".equals(r.path("routeId").asText())) {
                    sync = r;
                }
            }
            assertThat(sync).isNotNull();
            assertThat(sync.path("filtered").asLong()).as("the console's filtered column").isGreaterThanOrEqualTo(1);

            JsonNode changed = upsert(ehr, mrn, "Rosalind Elsie", email);
            assertThat(requests.entries(e -> e.mentions(fullscriptId) && e.endpointKey().equals("PATCH /api/clinic/patients/{id}")))
                    .as("the change is one PATCH").hasSize(1);
            String changedId = changed.path("correlationId").asText();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(state(http, changedId)).isEqualTo("ANSWERED"));
            assertThat(filtered(http) - filteredBefore).as("a changed patient is not filtered").isEqualTo(1);
        }
    }

    private JsonNode upsert(AmqpClient ehr, String mrn, String first, String email) throws Exception {
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"" + first
                        + "\",\"lastName\":\"Franklin\",\"email\":\"" + email + "\"}}",
                Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId));
        Message answer = ehr.receive("ehr.outbound.demo", "correlationId = '" + messageId + "'", 20_000);
        assertThat(answer).as("answer to %s", messageId).isNotNull();
        JsonNode node = json.readTree(AmqpClient.text(answer));
        assertThat(node.path("correlationId").asText()).isEqualTo(messageId);
        return node;
    }

    private String state(Http http, String messageId) throws Exception {
        JsonNode rows = json.readTree(get(http, "/api/admin/journal?direction=inbound&messageId=" + messageId));
        return rows.isEmpty() ? null : rows.get(0).path("state").asText();
    }

    private static double filtered(Http http) {
        var r = http.admin("GET", "/actuator/prometheus", null, ADMIN, PASSWORD, false);
        assertThat(r.statusCode()).isEqualTo(200);
        return PrometheusAfterKnownRunTest.value(r.body(), "bridge_inbound_messages_total", "outcome=\"filtered\"", "route=\"ehr-inbound\"");
    }

    private static String get(Http http, String path) {
        var r = http.admin("GET", path, null, ADMIN, PASSWORD, false);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }
}

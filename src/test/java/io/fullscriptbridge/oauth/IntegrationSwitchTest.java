package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.ops.JournalRepository;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The per-user switch: off answers integration.disabled and keeps the connection; on again works at once. */
@BridgeIntegrationTest
class IntegrationSwitchTest extends OAuthTestSupport {

    @Autowired JournalRepository journal;

    @Test
    void anAdminSwitchesAUserOffAndOnWithoutTouchingTheConnection() throws Exception {
        String user = newUser();
        Connection c = connect(user, SimulatorSeed.PRACTITIONER_1_ID);

        var off = http.admin("PUT", "/api/admin/users/demo/" + user + "/integration", "{\"enabled\":false}", ADMIN, ADMIN_PASSWORD);
        assertThat(off.statusCode()).isEqualTo(200);
        String mrn = mrn();
        String messageId = sendInbound(user, upsert(mrn));
        JsonNode answer = receiveOutbound(messageId, 20_000);
        assertThat(answer.path("type").asText()).isEqualTo("integration.disabled");
        assertThat(simulatorRequests.countMentioning(mrn, mrn.toLowerCase())).as("nothing sent to Fullscript").isZero();
        assertThat(journal.findByTenantAndDirectionAndMessageId("demo", "inbound", messageId))
                .hasValueSatisfying(e -> assertThat(e.getState()).isEqualTo("DISABLED"));
        assertThat(connections.findById(c.getId())).isPresent();
        assertThat(http.admin("GET", "/api/admin/connections?tenant=demo", null, ADMIN, ADMIN_PASSWORD).body())
                .contains("\"integrationEnabled\":false");

        http.admin("PUT", "/api/admin/users/demo/" + user + "/integration", "{\"enabled\":true}", ADMIN, ADMIN_PASSWORD);
        String again = sendInbound(user, upsert(mrn()));
        assertThat(receiveOutbound(again, 20_000).path("type").asText()).isEqualTo("patient.linked");
    }

    @Test
    void aUserSwitchesThemselvesOffWithASignedRequest() throws Exception {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        long expires = links.expiresIn(Duration.ofMinutes(5));
        String nonce = LaunchLinks.newNonce();
        String sig = LaunchLinks.sign("test-demo-launch-secret",
                new LaunchLinks.Launch("disable", "demo", user, expires, nonce, null).canonical());

        var forged = http.postForm("/oauth/fullscript/integration", Map.of("action", "disable", "tenant", "demo",
                "ehrUserId", newUser(), "expires", String.valueOf(expires), "nonce", nonce, "sig", sig));
        assertThat(forged.statusCode()).isEqualTo(403);

        Map<String, String> signed = Map.of("action", "disable", "tenant", "demo",
                "ehrUserId", user, "expires", String.valueOf(expires), "nonce", nonce, "sig", sig);
        var off = http.postForm("/oauth/fullscript/integration", signed);
        assertThat(off.statusCode()).isEqualTo(200);
        assertThat(http.postForm("/oauth/fullscript/integration", signed).statusCode()).as("the link works once").isEqualTo(403);
        String messageId = sendInbound(user, upsert(mrn()));
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("integration.disabled");
    }
}

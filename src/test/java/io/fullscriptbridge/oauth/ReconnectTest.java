package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.BrokerQueues;
import org.junit.jupiter.api.Test;

/** Connecting again replaces the tokens and kills the old grant; parked messages wait for a connection that works. */
@BridgeIntegrationTest
class ReconnectTest extends OAuthTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ artemis;

    @Test
    void reconnectingRevokesTheTokensItReplaces() throws Exception {
        String user = newUser();
        Connection first = connect(user, SimulatorSeed.PRACTITIONER_2_ID);
        String oldAccess = accessTokenOf(first);
        String oldRefresh = refreshTokenOf(first);
        long revokesBefore = simulatorRequests.count(REVOKE_ENDPOINT, 200);

        Connection second = connect(user, SimulatorSeed.PRACTITIONER_2_ID);
        assertThat(second.getId()).as("the same connection row, new tokens").isEqualTo(first.getId());
        String newAccess = accessTokenOf(second);
        assertThat(newAccess).isNotEqualTo(oldAccess);

        await().atMost(Duration.ofSeconds(15)).until(() -> simulatorRequests.count(REVOKE_ENDPOINT, 200) >= revokesBefore + 2);
        assertThat(simulatorStatus(oldAccess)).as("the replaced grant is dead at Fullscript").isEqualTo(401);
        assertThat(simulatorToken(java.util.Map.of("grant_type", "refresh_token", "client_id", "sim-client-id",
                "client_secret", "sim-client-secret", "refresh_token", oldRefresh)).path("_status").asInt()).isEqualTo(400);
        assertThat(simulatorStatus(newAccess)).as("the new one works").isEqualTo(200);
    }

    @Test
    void aDeniedCallbackDoesNotReplayParkedMessages() throws Exception {
        String user = newUser();
        String messageId = sendInbound(user, upsert(mrn()));
        JsonNode ask = receiveOutbound(messageId, 20_000);
        assertThat(ask.path("type").asText()).isEqualTo("authorization.required");

        autoApproval.set(OAuthAutoApproval.Decision.denyAll());
        assertThat(http.browse(links.signedUrl("", BridgeUrls.CONNECT_PATH, new LaunchLinks.Launch("connect", "demo", user,
                links.expiresIn(Duration.ofMinutes(5)), null))).statusCode()).isEqualTo(400);

        // a replay would have put the message back on ehr.inbound before the callback answered
        BrokerQueues queues = new BrokerQueues(artemis);
        queues.awaitHandled(BrokerQueues.EHR_INBOUND);
        assertThat(queues.count("ehr.outbound.demo", "correlationId = '" + messageId + "'")).as("nothing replayed").isZero();
        assertThat(jdbc.queryForObject("select count(*) from parked_message where message_id = ? and replayed_at is null",
                Integer.class, messageId)).isEqualTo(1);
    }
}

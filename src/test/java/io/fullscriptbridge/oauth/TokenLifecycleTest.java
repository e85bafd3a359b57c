package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fullscriptbridge.fullscript.AccessToken;
import io.fullscriptbridge.fullscript.ActingUser;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Refresh ahead of expiry, rotation that survives a crash, and a grant the user revoked inside Fullscript. */
@BridgeIntegrationTest
class TokenLifecycleTest extends OAuthTestSupport {

    @Autowired ConnectionTokenService tokens;
    @Autowired FullscriptApi fullscript;

    @Test
    void aTokenNearItsExpiryIsRefreshedOnceAndTheRotatedPairIsStored() {
        String user = newUser();
        Connection c = connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        String oldAccess = accessTokenOf(c);
        String oldRefresh = refreshTokenOf(c);
        expireLocally(c);

        JsonNode clinic = fullscript.clinic(new ActingUser("demo", user, null));

        assertThat(clinic.path("id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        assertThat(refreshCalls(oldRefresh)).isEqualTo(1);
        Connection after = reload(c);
        assertThat(after.getRefreshedCount()).isEqualTo(1);
        assertThat(accessTokenOf(c)).isNotEqualTo(oldAccess);
        assertThat(refreshTokenOf(c)).isNotEqualTo(oldRefresh);
        assertThat(after.getExpiresAt()).isAfter(java.time.Instant.now().plusSeconds(7000));

        // the new pair is in use: the old refresh token is dead now
        fullscript.clinic(new ActingUser("demo", user, null));
        assertThat(refreshCalls(oldRefresh) + refreshCalls(refreshTokenOf(c))).as("no second refresh while the token is fresh").isEqualTo(1);
        assertThat(refresh(oldRefresh).path("_status").asInt()).isEqualTo(400);
    }

    @Test
    void aCrashBetweenFullscriptsAnswerAndOurCommitLosesNothing() {
        String user = newUser();
        Connection c = connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        String storedRefresh = refreshTokenOf(c);

        // a refresh reached Fullscript, but its answer never made it into our database (the node died)
        JsonNode lost = refresh(storedRefresh);
        assertThat(lost.path("_status").asInt()).isEqualTo(200);
        String lostAccess = lost.at("/oauth/access_token").asText();

        // the next refresh uses the stored (old) refresh token: still valid, because the lost access token was never used
        expireLocally(c);
        AccessToken token = tokens.tokenFor(new ActingUser("demo", user, null));
        assertThat(token.value()).isNotEqualTo(lostAccess);
        assertThat(simulatorStatus(token.value())).isEqualTo(200);

        // after first use of the new access token only the newest refresh token works
        assertThat(refresh(storedRefresh).path("_status").asInt()).isEqualTo(400);
        assertThat(refresh(refreshTokenOf(c)).path("_status").asInt()).isEqualTo(200);
    }

    @Test
    void aGrantRevokedInsideFullscriptAsksTheUserToReconnectAndParksTheirMessages() throws Exception {
        String user = newUser();
        Connection c = connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        // the practitioner removes the app inside Fullscript
        assertThat(revokeAtFullscript(refreshTokenOf(c))).isEqualTo(200);
        expireLocally(c);

        String messageId = sendInbound(user, upsert(mrn()));

        JsonNode ask = receiveOutbound(messageId, 20_000);
        assertThat(ask.path("type").asText()).isEqualTo("authorization.required");
        assertThat(ask.at("/data/reason").asText()).isEqualTo("reauthorization_required");
        assertThat(reload(c).getStatus()).isEqualTo(Connection.Status.REAUTHORIZATION_REQUIRED);
        assertThatThrownBy(() -> tokens.tokenFor(new ActingUser("demo", user, null)))
                .isInstanceOf(NoConnectionException.class).hasMessageContaining("must connect Fullscript again");

        // connecting again revives the same connection and replays the parked message
        Connection again = connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        assertThat(again.getId()).isEqualTo(c.getId());
        assertThat(reload(c).getStatus()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("patient.linked");
    }

    /** The token endpoint calls that used this refresh token (it is in their body). */
    private long refreshCalls(String refreshToken) {
        return simulatorRequests.entries(e -> e.endpointKey().equals(TOKEN_ENDPOINT) && e.mentions(refreshToken)).size();
    }

    private JsonNode refresh(String refreshToken) {
        try {
            return simulatorToken(Map.of("grant_type", "refresh_token", "client_id", "sim-client-id",
                    "client_secret", "sim-client-secret", "refresh_token", refreshToken));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int revokeAtFullscript(String token) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(http.url("/simulator/fullscript/api/oauth/revoke")))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                        "client_id", "sim-client-id", "client_secret", "sim-client-secret", "token", token)))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }
}

package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * "Connect my Fullscript account" end to end over real HTTP: the EHR's signed link, Fullscript's authorize page
 * (the simulator's, auto-approved), the callback, and what the bridge stores.
 */
@BridgeIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ConnectFlowTest extends OAuthTestSupport {

    @Autowired MeterRegistry meters;
    @Autowired io.fullscriptbridge.simulator.SimulatorState simulator;

    @Test
    void aBrowserFollowingTheLinkEndsConnectedWithTheTokensSealed(CapturedOutput output) throws Exception {
        String user = newUser();
        Connection c = connect(user, SimulatorSeed.PRACTITIONER_2_ID);

        assertThat(c.getClinicId()).isEqualTo(SimulatorSeed.CLINIC_2_ID);
        assertThat(c.getResourceOwnerId()).isEqualTo(SimulatorSeed.PRACTITIONER_2_ID);
        assertThat(c.getResourceOwnerType()).isEqualTo("Practitioner");
        assertThat(c.getStatus()).isEqualTo(Connection.Status.ACTIVE);
        assertThat(c.getScopes()).contains("patients:write");
        assertThat(c.getExpiresAt()).isBetween(Instant.now().plusSeconds(7100), Instant.now().plusSeconds(7300));

        String access = accessTokenOf(c);
        String refresh = refreshTokenOf(c);
        assertThat(simulatorStatus(access)).as("the stored token works at Fullscript").isEqualTo(200);

        // at rest: the columns hold ciphertext, not the tokens
        String row = jdbc.queryForObject("select access_token_enc || ' ' || refresh_token_enc from fullscript_connection where id = ?",
                String.class, c.getId());
        assertThat(row).doesNotContain(access).doesNotContain(refresh).startsWith("v2:" + cipher.currentKeyId() + ":");

        // the admin list shows the connection, never a token
        var list = http.admin("GET", "/api/admin/connections?tenant=demo", null, ADMIN, ADMIN_PASSWORD);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains(c.getId()).contains(SimulatorSeed.CLINIC_2_ID).doesNotContain(access).doesNotContain(refresh)
                .doesNotContain("v2:");

        assertThat(output.getAll()).doesNotContain(access).doesNotContain(refresh);

        // the practitioner is cross-indexed too: our EHR user id is in their Fullscript metadata
        assertThat(simulator.user(SimulatorSeed.PRACTITIONER_2_ID).orElseThrow().metadataId()).isEqualTo(user);
    }

    @Test
    void theCallbackReturnsToTheAllowListedReturnUrl() {
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.STAFF_1_ID));
        String user = newUser();
        var toFullscript = http.get(connectLink("demo", user, "https://ehr.example.com/patients/42"));
        assertThat(toFullscript.statusCode()).isEqualTo(302);
        URI authorize = URI.create(toFullscript.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.getPath()).isEqualTo("/simulator/fullscript/api/oauth/authorize");
        assertThat(authorize.getQuery()).contains("response_type=code").contains("client_id=sim-client-id")
                .contains("redirect_uri=http://localhost:" + port + "/oauth/fullscript/callback").contains("state=");

        var toCallback = http.get(authorize.toString());
        assertThat(toCallback.statusCode()).isEqualTo(302);
        var back = http.get(toCallback.headers().firstValue("Location").orElseThrow());
        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.headers().firstValue("Location")).hasValue("https://ehr.example.com/patients/42");

        Connection staff = connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user).get(0);
        assertThat(staff.getResourceOwnerType()).isEqualTo("Staff");
        assertThat(simulator.user(SimulatorSeed.STAFF_1_ID).orElseThrow().metadataId()).isEqualTo(user);
        assertThat(staff.getClinicId()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
    }

    @Test
    void forgedExpiredOrMisdirectedLinksAreRefusedAndStoreNothing() {
        int statesBefore = states();
        String user = newUser();
        String good = connectLink("demo", user, null);

        assertRefused(good.replace(user, newUser()), "bad_signature");
        assertRefused(good.replace("tenant=demo", "tenant=other"), "bad_signature");
        assertRefused(good.replaceAll("sig=[0-9a-f]+", "sig=zz"), "bad_signature");
        assertRefused(links.signedUrl("", BridgeUrls.CONNECT_PATH, new LaunchLinks.Launch("connect", "demo", user,
                Instant.now().minusSeconds(1).getEpochSecond(), null)), "expired");
        assertRefused(links.signedUrl("", BridgeUrls.CONNECT_PATH, new LaunchLinks.Launch("connect", "demo", user,
                links.expiresIn(Duration.ofDays(30)), null)), "too_long_lived");
        assertRefused(connectLink("demo", user, "https://evil.example.net/steal"), "return_url_not_allowed");
        assertRefused("/oauth/fullscript/connect?tenant=nobody&ehrUserId=x&expires=1&nonce=n0000000000000000&sig=00", "unknown_tenant");
        // a link signed for revoking cannot be used to connect
        String revokeLink = links.signedUrl("", "/oauth/fullscript/connect", new LaunchLinks.Launch("revoke", "demo", user,
                links.expiresIn(Duration.ofMinutes(5)), null));
        assertRefused(revokeLink, "bad_signature");

        assertThat(states()).isEqualTo(statesBefore);
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user)).isEmpty();
    }

    @Test
    void badCallbacksShowAReasonAndStoreNothing() {
        assertThat(http.get("/oauth/fullscript/callback?code=abc&state=never-issued").statusCode()).isEqualTo(400);
        assertThat(http.get("/oauth/fullscript/callback?code=abc").statusCode()).isEqualTo(400);

        // the user says no at Fullscript
        String denied = newUser();
        autoApproval.set(OAuthAutoApproval.Decision.denyAll());
        var page = http.browse(connectLink("demo", denied, null));
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("did not authorize");
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", denied)).isEmpty();
        assertThat(counter("callback", "access_denied")).isPositive();

        // a valid state with a code Fullscript never issued
        String user = newUser();
        String state = stateFrom(http.get(connectLink("demo", user, null)).headers().firstValue("Location").orElseThrow());
        var refused = http.get("/oauth/fullscript/callback?code=forged&state=" + state);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("refused the authorization code");
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user)).isEmpty();
    }

    @Test
    void aStateWorksOnceOnly() {
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        String user = newUser();
        String authorize = http.get(connectLink("demo", user, null)).headers().firstValue("Location").orElseThrow();
        String callback = http.get(authorize).headers().firstValue("Location").orElseThrow();

        assertThat(http.get(callback).statusCode()).isEqualTo(200);
        var replay = http.get(callback);
        assertThat(replay.statusCode()).isEqualTo(400);
        assertThat(replay.body()).contains("already used");
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user)).hasSize(1);
    }

    @Test
    void aUserWithoutConnectionIsAskedToConnectAndTheirMessageReplaysOnceTheyDo() throws Exception {
        String user = newUser();
        String mrn = mrn();
        String messageId = sendInbound(user, upsert(mrn));

        JsonNode ask = receiveOutbound(messageId, 20_000);
        assertThat(ask.path("type").asText()).isEqualTo("authorization.required");
        assertThat(ask.at("/data/ehrUserId").asText()).isEqualTo(user);
        assertThat(ask.at("/data/reason").asText()).isEqualTo("no_connection");
        String connectUrl = ask.at("/data/connectUrl").asText();
        assertThat(connectUrl).startsWith("http://localhost:" + port + "/oauth/fullscript/connect?");

        var parked = http.admin("GET", "/api/admin/parked", null, ADMIN, ADMIN_PASSWORD);
        assertThat(parked.body()).contains(messageId).doesNotContain(mrn);

        // the user follows the link from the EHR
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        assertThat(http.browse(connectUrl).statusCode()).isEqualTo(200);

        JsonNode linked = receiveOutbound(messageId, 20_000);
        assertThat(linked.path("type").asText()).isEqualTo("patient.linked");
        assertThat(linked.at("/data/ehrPatientId").asText()).isEqualTo(mrn);
        assertThat(http.admin("GET", "/api/admin/parked", null, ADMIN, ADMIN_PASSWORD).body()).doesNotContain(messageId);
    }

    @Test
    void theAdminApiNeedsCredentials() {
        assertThat(http.admin("GET", "/api/admin/connections", null, null, null).statusCode()).isEqualTo(401);
        assertThat(http.admin("GET", "/api/admin/connections", null, ADMIN, "wrong").statusCode()).isEqualTo(401);
        assertThat(http.admin("GET", "/api/admin/connections", null, ADMIN, ADMIN_PASSWORD).statusCode()).isEqualTo(200);
    }

    private void assertRefused(String link, String reason) {
        double before = counter("connect", reason);
        var response = http.get(link);
        assertThat(response.statusCode()).as(link).isEqualTo(403);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(counter("connect", reason)).as("metric for %s", reason).isEqualTo(before + 1);
    }

    private double counter(String action, String outcome) {
        var c = meters.find("bridge.oauth.link").tags("action", action, "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    private int states() {
        return jdbc.queryForObject("select count(*) from oauth_state", Integer.class);
    }

    private static String stateFrom(String authorizeUrl) {
        for (String p : URI.create(authorizeUrl).getRawQuery().split("&")) {
            if (p.startsWith("state=")) {
                return p.substring("state=".length());
            }
        }
        throw new AssertionError("no state in " + authorizeUrl);
    }
}

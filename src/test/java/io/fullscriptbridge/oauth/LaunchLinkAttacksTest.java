package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.Http;
import org.junit.jupiter.api.Test;

/** The connect links and the callback tried as an attacker would: replaying, smuggling fields, another browser. */
@BridgeIntegrationTest
class LaunchLinkAttacksTest extends OAuthTestSupport {

    @Test
    void aConnectLinkWorksOnce() {
        String link = connectLink("demo", newUser(), null);
        assertThat(http.get(link).statusCode()).isEqualTo(302);

        var again = http.get(link);
        assertThat(again.statusCode()).isEqualTo(403);
        assertThat(again.body()).contains("already used");
        assertThat(new Http(port).get(link).statusCode()).as("from another browser too").isEqualTo(403);
    }

    @Test
    void aRevokeLinkConfirmsAnyNumberOfTimesButRevokesOnce() {
        String user = newUser();
        Connection c = connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        LaunchLinks.Launch launch = new LaunchLinks.Launch("revoke", "demo", user, links.expiresIn(Duration.ofMinutes(5)), null);
        String link = links.signedUrl("", "/oauth/fullscript/revoke", launch);
        assertThat(http.get(link).statusCode()).isEqualTo(200);
        assertThat(http.get(link).statusCode()).as("a confirmation page uses nothing up").isEqualTo(200);

        Map<String, String> form = Map.of("tenant", "demo", "ehrUserId", user, "expires", String.valueOf(launch.expires()),
                "nonce", launch.nonce(), "sig", link.substring(link.indexOf("sig=") + 4));
        assertThat(http.postForm("/oauth/fullscript/revoke", form).statusCode()).isEqualTo(200);
        assertThat(connections.findById(c.getId())).isEmpty();

        var replay = http.postForm("/oauth/fullscript/revoke", form);
        assertThat(replay.statusCode()).isEqualTo(403);
        assertThat(replay.body()).contains("already used");
        assertThat(http.get(link).statusCode()).as("a used link no longer confirms").isEqualTo(403);
    }

    @Test
    void aLinkWithoutNonceIsRefused() {
        String user = newUser();
        long expires = links.expiresIn(Duration.ofMinutes(5));
        String unencodedOldStyle = "action=connect&tenant=demo&ehrUserId=" + user + "&expires=" + expires + "&returnUrl=";
        String sig = LaunchLinks.sign("test-demo-launch-secret", unencodedOldStyle);
        assertThat(http.get("/oauth/fullscript/connect?tenant=demo&ehrUserId=" + user + "&expires=" + expires + "&sig=" + sig)
                .statusCode()).isEqualTo(403);
    }

    /**
     * The EHR signs a link for a user whose id holds {@code &expires=…&returnUrl=…}. With values unencoded in the
     * signed string, the same signature also reads as a link for {@code bob} (the rest shifted into returnUrl).
     */
    @Test
    void aValueCarryingOtherFieldsCannotBeReadAsAnotherUser() {
        long expires = links.expiresIn(Duration.ofMinutes(5));
        String nonce = LaunchLinks.newNonce();
        long smuggledExpires = links.expiresIn(Duration.ofMinutes(4));
        String smuggledNonce = LaunchLinks.newNonce();
        String trickyUser = "bob&expires=" + smuggledExpires + "&nonce=" + smuggledNonce + "&returnUrl=https://ehr.example.com/x";
        // what the EHR really signed, for the tricky user
        String sig = LaunchLinks.sign("test-demo-launch-secret",
                new LaunchLinks.Launch("connect", "demo", trickyUser, expires, nonce, null).canonical());

        // the same bytes, split differently: user bob, the real expiry and nonce pushed into returnUrl
        String returnUrl = "https://ehr.example.com/x&expires=" + expires + "&nonce=" + nonce + "&returnUrl=";
        var forged = http.get("/oauth/fullscript/connect?tenant=demo&ehrUserId=bob&expires=" + smuggledExpires
                + "&nonce=" + smuggledNonce + "&returnUrl=" + URLEncoder.encode(returnUrl, StandardCharsets.UTF_8) + "&sig=" + sig);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("signature is not valid");
        assertThat(jdbc.queryForObject("select count(*) from oauth_state where ehr_user_id = 'bob'", Integer.class)).isZero();
    }

    @Test
    void aCallbackFromAnotherBrowserIsRefusedAndStoresNothing() {
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        String user = newUser();
        // the attacker starts a flow in their own browser and stops at the callback URL with their code and state
        var toFullscript = http.get(connectLink("demo", user, null));
        assertThat(toFullscript.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("bridge_oauth_browser=").contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure"));
        String callback = http.get(toFullscript.headers().firstValue("Location").orElseThrow()).headers().firstValue("Location").orElseThrow();
        assertThat(URI.create(callback).getPath()).isEqualTo(BridgeUrls.CALLBACK_PATH);

        // ... and sends it to a victim, whose browser has no cookie (or its own)
        Http victim = new Http(port);
        var refused = victim.get(callback);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("started in another browser");
        Http victimWithOwnFlow = new Http(port);
        victimWithOwnFlow.get(connectLink("demo", newUser(), null));
        assertThat(victimWithOwnFlow.get(callback).statusCode()).isEqualTo(403);
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user)).isEmpty();

        // the browser that started it can still finish
        assertThat(http.get(callback).statusCode()).isEqualTo(200);
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user)).hasSize(1);
    }

    @Test
    void hostileReturnUrlsAreRefusedAndAnAllowedOneIsFollowed() {
        for (String hostile : new String[] {"https://ehr.example.com.evil.io/", "https://ehr.example.com@evil.io/",
                "https://ehr.example.com/../admin", "https://ehr.example.com/%2e%2e/admin", "//evil.io/", "javascript:alert(1)",
                "http://ehr.example.com/", "https://ehr.example.com:8443/", "https:/\\evil.io/"}) {
            var response = http.get(connectLink("demo", newUser(), hostile));
            assertThat(response.statusCode()).as(hostile).isEqualTo(403);
            assertThat(response.body()).as(hostile).contains("return URL is not allowed");
        }
        assertThat(http.get(connectLink("demo", newUser(), "https://EHR.example.com:443/patients/42?tab=fs")).statusCode())
                .isEqualTo(302);
    }
}

package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.launch.RecommendController;
import io.fullscriptbridge.launch.RecommendRequest;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimulatorDynamicLinks;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The recommend link tried as an attacker would (docs/security.md): every refusal acts on nothing and says nothing. */
@BridgeIntegrationTest
class RecommendLinkAttacksTest extends OAuthTestSupport {

    @Autowired SimulatorDynamicLinks dynamicLinks;
    @Autowired MeterRegistry meters;

    String user;
    String mrn;

    @BeforeEach
    void aConnectedPractitionerWithALinkedPatient() throws Exception {
        user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        mrn = mrn();
        String messageId = sendInbound(user, upsert(mrn));
        JsonNode linked = receiveOutbound(messageId, 20_000);
        assertThat(linked.path("type").asText()).isEqualTo("patient.linked");
    }

    @Test
    void aForgedLinkIsRefused() {
        String good = link("demo", user, mrn, null, Duration.ofMinutes(5), null);
        assertRefused(good.replace("patientId=" + mrn, "patientId=" + mrn()), "bad_signature", "signature is not valid");
        assertRefused(good.replace("ehrUserId=" + user, "ehrUserId=" + newUser()), "bad_signature", "signature is not valid");
        assertRefused(good.replaceAll("sig=[0-9a-f]+", "sig=" + "0".repeat(64)), "bad_signature", "signature is not valid");
        // the practitioner is part of the signed string when present: adding or removing one breaks the signature
        assertRefused(good + "&practitionerEhrUserId=" + newUser(), "bad_signature", "signature is not valid");
        String staffLink = link("demo", user, mrn, null, Duration.ofMinutes(5), "dr-named");
        assertRefused(staffLink.replace("&practitionerEhrUserId=dr-named", ""), "bad_signature", "signature is not valid");
        // a connect link's signature does not open a recommend
        String connect = connectLink("demo", user, null);
        assertRefused(RecommendController.PATH + connect.substring(connect.indexOf('?')) + "&patientId=" + mrn + "&encounterId=",
                "bad_signature", "signature is not valid");
        // and a recommend link's does not connect
        assertThat(http.get(BridgeUrls.CONNECT_PATH + good.substring(good.indexOf('?'))).statusCode()).isEqualTo(403);
    }

    @Test
    void anExpiredOrTooLongLivedLinkIsRefused() {
        assertRefused(link("demo", user, mrn, null, Duration.ofSeconds(-1), null), "expired", "expired");
        assertRefused(link("demo", user, mrn, null, Duration.ofDays(30), null), "too_long_lived", "too far in the future");
    }

    @Test
    void aLinkWorksOnce() {
        String link = link("demo", user, mrn, null, Duration.ofMinutes(5), null);
        assertThat(http.get(link).statusCode()).isEqualTo(302);
        assertRefused(link, "reused_link", "already used");
    }

    @Test
    void aLinkOfAnotherTenantNeverActsWithThisTenantsConnection() {
        // signed with demo's secret, claiming to be the other tenant's
        assertRefused(link("demo", user, mrn, null, Duration.ofMinutes(5), null).replace("tenant=demo", "tenant=other"),
                "bad_signature", "signature is not valid");
        // the other tenant signs for the same user id: it has no connection of its own, so the user is sent to connect
        int links = dynamicLinks.links().size();
        HttpResponse<String> answer = http.get(link("other", user, mrn, null, Duration.ofMinutes(5), null));
        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(URI.create(answer.headers().firstValue("Location").orElseThrow()).getPath())
                .isEqualTo("/simulator/fullscript/api/oauth/authorize");
        assertThat(dynamicLinks.links()).as("no Fullscript link made with demo's connection").hasSize(links);
    }

    @Test
    void theBrowserOnlyEverGoesToFullscriptsRedirectLink() {
        String evil = URLEncoder.encode("https://evil.example.net/phish", StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.get(link("demo", user, mrn, null, Duration.ofMinutes(5), null)
                + "&returnUrl=" + evil + "&redirect_uri=" + evil + "&redirectUrl=" + evil);
        assertThat(answer.statusCode()).isEqualTo(302);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(location.getHost()).as("the simulated Fullscript").isIn("localhost", "127.0.0.1");
        assertThat(location.getPath()).startsWith(SimulatorDynamicLinks.REDIRECT_PATH);

        // an EHR that signs a return URL into a recommend link gets a refusal: the bridge never signs one in
        long expires = links.expiresIn(Duration.ofMinutes(5));
        String signedWithReturn = links.signedUrl("", RecommendController.PATH, new LaunchLinks.Launch("recommend", "demo", user, expires,
                LaunchLinks.newNonce(), "https://ehr.example.com/back", new RecommendRequest(mrn, null, null).signedFields()));
        assertRefused(signedWithReturn, "bad_signature", "signature is not valid");
    }

    @Test
    void aStaffMemberCannotNameAPractitionerOfAnotherTenant() throws Exception {
        String otherTenantsPractitioner = newUser();
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        String otherConnect = links.signedUrl("", BridgeUrls.CONNECT_PATH,
                new LaunchLinks.Launch("connect", "other", otherTenantsPractitioner, links.expiresIn(Duration.ofMinutes(5)), null));
        assertThat(new io.fullscriptbridge.support.Http(port).browse(otherConnect).statusCode()).isEqualTo(200);
        assertThat(connections.findByTenantAndEhrUserIdOrderByCreatedAt("other", otherTenantsPractitioner)).hasSize(1);
        String staff = newUser();
        connect(staff, SimulatorSeed.STAFF_1_ID);
        int links = dynamicLinks.links().size();

        HttpResponse<String> answer = http.get(link("demo", staff, mrn, null, Duration.ofMinutes(5), otherTenantsPractitioner));

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("has not connected").doesNotContain(otherTenantsPractitioner).doesNotContain(mrn);
        assertThat(dynamicLinks.links()).hasSize(links);
        assertThat(counter("practitioner_not_found")).isPositive();
    }

    private String link(String tenant, String ehrUserId, String patientId, String encounterId, Duration lifetime, String practitioner) {
        return links.signedUrl("", RecommendController.PATH, new LaunchLinks.Launch("recommend", tenant, ehrUserId,
                links.expiresIn(lifetime), LaunchLinks.newNonce(), null,
                new RecommendRequest(patientId, encounterId, practitioner).signedFields()));
    }

    private void assertRefused(String link, String reason, String text) {
        double before = counter(reason);
        int dynamic = dynamicLinks.links().size();
        HttpResponse<String> response = http.get(link);
        assertThat(response.statusCode()).as(link).isEqualTo(403);
        assertThat(response.headers().firstValue("Location")).isEmpty();
        assertThat(response.body()).contains(text).doesNotContain(mrn);
        assertThat(counter(reason)).as("metric for %s", reason).isEqualTo(before + 1);
        assertThat(dynamicLinks.links()).as("nothing asked of Fullscript").hasSize(dynamic);
    }

    private double counter(String outcome) {
        var c = meters.find("bridge.oauth.link").tags("action", "recommend", "outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}

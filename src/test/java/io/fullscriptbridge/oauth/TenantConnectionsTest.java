package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, part 4 (decision D48): the EHR asks, with its tenant's API key, whether to show "Recommend with
 * Fullscript" or "Connect my Fullscript account"; and the tenant's admin lists, revokes and toggles its own users'
 * connections, never another tenant's.
 */
@BridgeIntegrationTest
class TenantConnectionsTest extends OAuthTestSupport {

    private static final String DEMO_KEY = "test-demo-api-key";
    private static final String ACME_KEY = "test-acme-api-key";

    @Test
    void theStatusSaysWhichButtonToDrawAndCarriesASignedConnectLinkWhenNeeded() throws Exception {
        String user = newUser();
        JsonNode none = json.readTree(call("GET", "/api/users/" + user + "/connection", "demo", DEMO_KEY, null).body());
        assertThat(none.path("status").asText()).isEqualTo("none");
        assertThat(none.path("clinics").size()).isZero();
        String connectUrl = none.path("connectUrl").asText();
        assertThat(connectUrl).contains("/oauth/fullscript/connect?").contains("tenant=demo").contains("sig=");

        // the user follows the link the status gave (no return URL: the bridge's own page)
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        assertThat(http.browse(connectUrl.substring(connectUrl.indexOf("/oauth/"))).statusCode()).isEqualTo(200);

        JsonNode connected = json.readTree(call("GET", "/api/users/" + user + "/connection", "demo", DEMO_KEY, null).body());
        assertThat(connected.path("status").asText()).isEqualTo("connected");
        assertThat(connected.path("connectUrl").isNull()).isTrue();
        assertThat(connected.at("/clinics/0/id").asText()).isEqualTo(SimulatorSeed.CLINIC_1_ID);
        assertThat(connected.at("/clinics/0/name").asText()).isEqualTo(SimulatorSeed.CLINIC_1_NAME);
        assertThat(connected.at("/clinics/0/missingScopes").size()).isZero();
        assertThat(connected.toString()).doesNotContain("token");

        // Fullscript refused the refresh token: reconnect, with a link
        Connection c = connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", user).get(0);
        jdbc.update("update fullscript_connection set status = 'REAUTHORIZATION_REQUIRED' where id = ?", c.getId());
        JsonNode again = json.readTree(call("GET", "/api/users/" + user + "/connection", "demo", DEMO_KEY, null).body());
        assertThat(again.path("status").asText()).isEqualTo("reauthorization_required");
        assertThat(again.path("connectUrl").asText()).contains("sig=");
    }

    @Test
    void onlyTheTenantsOwnKeySeesAndActsOnItsUsers() throws Exception {
        String user = newUser();
        Connection c = connect(user, SimulatorSeed.PRACTITIONER_1_ID);

        assertThat(call("GET", "/api/users/" + user + "/connection", "demo", "wrong-key", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/api/tenant/connections", "demo", null, null).statusCode()).isEqualTo(401);
        // acme's key sees nothing of demo's user, and cannot revoke demo's connection
        JsonNode asAcme = json.readTree(call("GET", "/api/users/" + user + "/connection", "acme", ACME_KEY, null).body());
        assertThat(asAcme.path("status").asText()).isEqualTo("none");
        assertThat(call("GET", "/api/tenant/connections", "acme", ACME_KEY, null).body()).doesNotContain(user);
        assertThat(call("POST", "/api/tenant/connections/" + c.getId() + "/revoke", "acme", ACME_KEY, null).statusCode()).isEqualTo(404);
        assertThat(connections.findById(c.getId())).isPresent();

        // demo's admin lists it, switches the user off and on, and revokes it
        JsonNode list = json.readTree(call("GET", "/api/tenant/connections", "demo", DEMO_KEY, null).body());
        assertThat(list.toString()).contains(c.getId()).doesNotContain("access_token");
        assertThat(call("PUT", "/api/tenant/users/" + user + "/integration", "demo", DEMO_KEY, "{\"enabled\":false}").statusCode()).isEqualTo(200);
        JsonNode disabled = json.readTree(call("GET", "/api/users/" + user + "/connection", "demo", DEMO_KEY, null).body());
        assertThat(disabled.path("status").asText()).isEqualTo("disabled");
        assertThat(disabled.path("connectUrl").isNull()).isTrue();
        assertThat(call("PUT", "/api/tenant/users/" + user + "/integration", "demo", DEMO_KEY, "{\"enabled\":true}").statusCode()).isEqualTo(200);
        assertThat(call("POST", "/api/tenant/connections/" + c.getId() + "/revoke", "demo", DEMO_KEY, null).statusCode()).isEqualTo(200);
        assertThat(connections.findById(c.getId())).isEmpty();
        assertThat(json.readTree(call("GET", "/api/users/" + user + "/connection", "demo", DEMO_KEY, null).body()).path("status").asText())
                .isEqualTo("none");
    }

    private HttpResponse<String> call(String method, String path, String tenant, String apiKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(http.url(path)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("X-Bridge-Tenant", tenant);
        if (apiKey != null) {
            request.header("X-Bridge-Api-Key", apiKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.fullscript.FullscriptApi;
import io.fullscriptbridge.fullscript.ActingUser;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What ops look at first: health with its parts, and Prometheus metrics for routes and Fullscript calls. */
@BridgeIntegrationTest
class ObservabilityTest {

    @LocalServerPort int port;
    @Autowired ObjectMapper json;
    @Autowired FullscriptApi fullscript;

    @Test
    void healthIsUpWithDatabaseBrokerAndCamel() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(response.body());
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/jms/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/camelHealth/status").asText()).isEqualTo("UP");
    }

    @Test
    void prometheusShowsRouteMetricsAndFullscriptCallsByEndpointAndStatus() throws Exception {
        fullscript.clinic(new ActingUser("demo", "dr-bennett", null));

        HttpResponse<String> response = get("/actuator/prometheus");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("routeId=\"ehr-inbound\"")
                .contains("routeId=\"fullscript-api\"")
                .containsPattern("bridge_fullscript_requests_total\\{.*endpoint=\"GET /api/clinic\".*status=\"200\".*} [1-9]");
    }

    private HttpResponse<String> get(String path) throws Exception {
        // ops endpoints other than the bare health status need the admin's credentials (HttpSurfaceTest)
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                "test-admin:test-admin-password".getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What an anonymous caller and a cross-site page can reach: health without details, nothing else of ops. */
@BridgeIntegrationTest
class HttpSurfaceTest {

    static final String ADMIN = "test-admin";
    static final String ADMIN_PASSWORD = "test-admin-password";

    @LocalServerPort int port;
    @Autowired ObjectMapper json;
    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    @Test
    void anonymousCallersSeeOnlyHealthWithoutDetails() throws Exception {
        var health = http.get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(health.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.has("components")).as(health.body()).isFalse();
        assertThat(body.has("details")).isFalse();

        for (String path : new String[] {"/actuator/prometheus", "/actuator/metrics", "/actuator/camelroutes", "/actuator/info",
                "/actuator"}) {
            assertThat(http.get(path).statusCode()).as(path).isEqualTo(401);
        }
        // not exposed at all, or hidden from anonymous callers
        assertThat(http.get("/actuator/env").statusCode()).isEqualTo(404);
        assertThat(http.get("/actuator/health/db").statusCode()).isEqualTo(404);
    }

    @Test
    void theAdminSeesMetricsRoutesAndHealthDetails() throws Exception {
        assertThat(http.admin("GET", "/actuator/prometheus", null, ADMIN, ADMIN_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(http.admin("GET", "/actuator/camelroutes", null, ADMIN, ADMIN_PASSWORD).statusCode()).isEqualTo(200);
        assertThat(http.admin("GET", "/actuator/metrics", null, ADMIN, ADMIN_PASSWORD).statusCode()).isEqualTo(200);
        JsonNode health = json.readTree(http.admin("GET", "/actuator/health", null, ADMIN, ADMIN_PASSWORD).body());
        assertThat(health.at("/components/db/status").asText()).isEqualTo("UP");
        assertThat(http.admin("GET", "/actuator/prometheus", null, ADMIN, "wrong").statusCode()).isEqualTo(401);
    }

    @Test
    void stateChangingAdminCallsNeedTheAdminHeader() {
        // what a cross-site form post carries: the browser's cached Basic credentials, no custom header
        var withoutHeader = http.admin("POST", "/api/admin/connections/no-such-connection/revoke", null, ADMIN, ADMIN_PASSWORD, false);
        assertThat(withoutHeader.statusCode()).isEqualTo(403);
        var putWithoutHeader = http.admin("PUT", "/api/admin/users/demo/nobody/integration", "{\"enabled\":false}", ADMIN, ADMIN_PASSWORD, false);
        assertThat(putWithoutHeader.statusCode()).isEqualTo(403);

        var withHeader = http.admin("POST", "/api/admin/connections/no-such-connection/revoke", null, ADMIN, ADMIN_PASSWORD, true);
        assertThat(withHeader.statusCode()).as("reaches the controller: the connection is unknown").isEqualTo(404);

        // the re-seal command is a state-changing admin call too
        assertThat(http.admin("POST", "/api/admin/security/reseal", null, ADMIN, ADMIN_PASSWORD, false).statusCode()).isEqualTo(403);
        var reseal = http.admin("POST", "/api/admin/security/reseal", null, ADMIN, ADMIN_PASSWORD, true);
        assertThat(reseal.statusCode()).isEqualTo(200);
        assertThat(reseal.body()).contains("\"kid\"").contains("fullscript_connection.access_token_enc");

        // reading needs no header (a GET changes nothing); no credentials is still 401
        assertThat(http.admin("GET", "/api/admin/connections", null, ADMIN, ADMIN_PASSWORD, false).statusCode()).isEqualTo(200);
        assertThat(http.admin("POST", "/api/admin/connections/x/revoke", null, null, null, true).statusCode()).isEqualTo(401);
    }

    @Test
    void theConsoleAndAdminAnswersCarryAStrictContentSecurityPolicyAndTheUsualHeaders() {
        var answers = java.util.List.of(http.get("/"), http.get("/console.js"), http.get("/console.css"),
                http.get("/api/admin/routes"), http.admin("GET", "/api/admin/routes", null, ADMIN, ADMIN_PASSWORD),
                http.admin("GET", "/actuator/prometheus", null, ADMIN, ADMIN_PASSWORD),
                http.admin("GET", "/v3/api-docs", null, ADMIN, ADMIN_PASSWORD));
        for (var r : answers) {
            String what = r.request().uri().getPath() + " " + r.statusCode();
            String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
            assertThat(csp).as(what).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                    "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'");
            assertThat(csp).as("%s: no inline script or style, no eval", what).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(what).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(what).hasValue("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(what).hasValue("no-referrer");
        }
        assertThat(answers.get(0).body()).as("the console page itself").contains("/console.js");
        // the page has nothing the policy would block: no inline script, style or handler
        assertThat(answers.get(0).body()).doesNotContainPattern("<script>|<script [^>]*>[^<]+|<style|style=|\\son[a-z]+=");
    }
}

package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.FaultInjector;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.Http;
import jakarta.jms.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the OAuth tests share: a browser, an EHR on the broker, the simulator's switches, the stored rows. */
abstract class OAuthTestSupport {

    static final String ADMIN = "test-admin";
    static final String ADMIN_PASSWORD = "test-admin-password";
    static final String TOKEN_ENDPOINT = "POST /api/oauth/token";
    static final String REVOKE_ENDPOINT = "POST /api/oauth/revoke";

    @LocalServerPort int port;
    @Autowired LaunchLinks links;
    @Autowired OAuthAutoApproval autoApproval;
    @Autowired FaultInjector faults;
    @Autowired SimulatorRequestLog simulatorRequests;
    @Autowired ConnectionRepository connections;
    @Autowired TokenCipher cipher;
    @Autowired JdbcTemplate jdbc;
    @Autowired ObjectMapper json;
    @Autowired BrokerProperties broker;

    Http http;
    AmqpClient ehr;

    @BeforeEach
    void openClients() throws Exception {
        http = new Http(port);
        ehr = AmqpClient.as("demo", broker.resolvedPort());
        faults.reset();
        autoApproval.clear();
    }

    @AfterEach
    void closeClients() throws Exception {
        faults.reset();
        autoApproval.clear();
        ehr.close();
    }

    static String newUser() {
        return "dr-" + UUID.randomUUID();
    }

    /** The link an EHR signs for its user (path and query, relative to the bridge). */
    String connectLink(String tenant, String ehrUserId, String returnUrl) {
        return links.signedUrl("", BridgeUrls.CONNECT_PATH,
                new LaunchLinks.Launch("connect", tenant, ehrUserId, links.expiresIn(Duration.ofMinutes(10)), returnUrl));
    }

    /** The whole browser round trip: EHR link → Fullscript authorize (auto-approved as {@code membershipId}) → callback. */
    Connection connect(String ehrUserId, String membershipId) {
        autoApproval.set(OAuthAutoApproval.Decision.approve(membershipId));
        var page = http.browse(connectLink("demo", ehrUserId, null));
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        List<Connection> mine = connections.findByTenantAndEhrUserIdOrderByCreatedAt("demo", ehrUserId);
        assertThat(mine).isNotEmpty();
        return mine.get(mine.size() - 1);
    }

    Connection reload(Connection c) {
        return connections.findById(c.getId()).orElseThrow();
    }

    String accessTokenOf(Connection c) {
        return reload(c).accessToken(cipher);
    }

    String refreshTokenOf(Connection c) {
        return reload(c).refreshToken(cipher);
    }

    void expireLocally(Connection c) {
        jdbc.update("update fullscript_connection set expires_at = ? where id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(60)), c.getId());
    }

    /** Fullscript's own token endpoint, called the way the bridge would (to stage what happened "outside"). */
    JsonNode simulatorToken(Map<String, String> body) throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(http.url("/simulator/fullscript/api/oauth/token")))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode node = json.readTree(response.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("_status", response.statusCode());
        return node;
    }

    int simulatorStatus(String accessToken) {
        return http.bearer("/simulator/fullscript/api/clinic", accessToken).statusCode();
    }

    String sendInbound(String ehrUserId, String body) throws Exception {
        String messageId = UUID.randomUUID().toString();
        ehr.send("ehr.inbound.demo", body, Map.of("tenant", "demo", "ehrUserId", ehrUserId, "messageId", messageId));
        return messageId;
    }

    JsonNode receiveOutbound(String correlationId, long timeoutMillis) throws Exception {
        Message message = ehr.receive("ehr.outbound.demo", "correlationId = '" + correlationId + "'", timeoutMillis);
        assertThat(message).as("outbound message answering %s", correlationId).isNotNull();
        return json.readTree(AmqpClient.text(message));
    }

    static String upsert(String mrn) {
        return "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"Rosalind\",\"lastName\":\"Franklin\","
                + "\"email\":\"" + mrn.toLowerCase() + "@example.com\"}}";
    }

    static String mrn() {
        return "MRN-" + UUID.randomUUID();
    }
}

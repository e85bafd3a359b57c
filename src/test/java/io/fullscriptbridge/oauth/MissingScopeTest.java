package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.launch.RecommendController;
import io.fullscriptbridge.launch.RecommendRequest;
import io.fullscriptbridge.simulator.OAuthAutoApproval;
import io.fullscriptbridge.simulator.SimulatorDynamicLinks;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorTokens;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 9, part 3, through the simulator's scope checks: the app's scopes on Fullscript's dashboard lack one the
 * bridge needs, so the grant lacks it and Fullscript answers 403 insufficient_scope. Connect says so; a message that
 * needs the scope asks the EHR for authorization and waits parked (no redeliveries, no dead letter); the recommend
 * link sends the user round the connect flow once, then says what is missing.
 */
@BridgeIntegrationTest
class MissingScopeTest extends OAuthTestSupport {

    private static final String CREATE = "POST /api/clinic/patients";
    private static final String WITHOUT_PATIENTS_WRITE =
            "catalog:read clinic:read clinic:write patients:read patients:treatment_plan_history patients:order_history";
    private static final String WITHOUT_CLINIC_WRITE =
            "catalog:read clinic:read patients:read patients:write patients:treatment_plan_history patients:order_history";

    @Autowired SimulatorTokens simulatorTokens;
    @Autowired ParkedMessageRepository parked;
    @Autowired SimulatorDynamicLinks dynamicLinks;

    @AfterEach
    void appScopesBack() {
        simulatorTokens.setAppScopes(null);
    }

    @Test
    void aCallRefusedForAMissingScopeAsksForAuthorizationAndTheMessageWaitsParked() throws Exception {
        simulatorTokens.setAppScopes(WITHOUT_PATIENTS_WRITE);
        String user = newUser();
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        HttpResponse<String> connected = http.browse(connectLink("demo", user, null));
        assertThat(connected.statusCode()).isEqualTo(200);
        assertThat(connected.body()).contains("missing permissions").contains("patients:write");
        long creates = simulatorRequests.count(CREATE);

        String messageId = sendInbound(user, upsert(mrn()));

        JsonNode ask = receiveOutbound(messageId, 20_000);
        assertThat(ask.path("type").asText()).isEqualTo("authorization.required");
        assertThat(ask.at("/data/reason").asText()).isEqualTo("missing_scope");
        assertThat(ask.at("/data/connectUrl").asText()).contains(BridgeUrls.CONNECT_PATH).contains("sig=");
        assertThat(simulatorRequests.count(CREATE)).as("one refused create, no retries or redeliveries").isEqualTo(creates + 1);
        assertThat(parked.findByTenantAndMessageId("demo", messageId)).hasValueSatisfying(p -> {
            assertThat(p.getReason()).isEqualTo("missing_scope");
            assertThat(p.getReplayedAt()).isNull();
        });
        assertThat(jdbc.queryForObject("select state from message_journal where message_id = ? and direction = 'inbound'",
                String.class, messageId)).isEqualTo("PARKED");

        // the administrator adds the scope to the app; the user authorizes again and the message goes through
        simulatorTokens.setAppScopes(null);
        assertThat(http.browse(ask.at("/data/connectUrl").asText()).statusCode()).isEqualTo(200);
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("patient.linked");
    }

    @Test
    void theRecommendLinkSendsAUserWhoseGrantLacksTheScopeRoundTheConnectFlowOnce() throws Exception {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        String mrn = mrn();
        String messageId = sendInbound(user, upsert(mrn));
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("patient.linked");

        // the user's grant lacks clinic:write (Redirect links need it), and so does the app still
        simulatorTokens.setAppScopes(WITHOUT_CLINIC_WRITE);
        String narrow = newUser();
        autoApproval.set(OAuthAutoApproval.Decision.approve(SimulatorSeed.PRACTITIONER_1_ID));
        assertThat(http.browse(connectLink("demo", narrow, null)).body()).contains("clinic:write");

        HttpResponse<String> toConnect = http.get(recommend(narrow, mrn));
        assertThat(toConnect.statusCode()).isEqualTo(302);
        String authorize = toConnect.headers().firstValue("Location").orElseThrow();
        assertThat(URI.create(authorize).getPath()).isEqualTo("/simulator/fullscript/api/oauth/authorize");
        HttpResponse<String> refused = http.browse(authorize);
        assertThat(refused.statusCode()).as("no second round through Fullscript").isEqualTo(403);
        assertThat(refused.body()).contains("did not grant").doesNotContain(mrn);

        // once the app has the scope, the next link's connect carries it and the user lands on the Redirect link
        simulatorTokens.setAppScopes(null);
        HttpResponse<String> landed = http.browse(recommend(narrow, mrn));
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        assertThat(landed.uri().getPath()).startsWith(SimulatorDynamicLinks.REDIRECT_PATH);
    }

    private String recommend(String ehrUserId, String patientId) {
        return links.signedUrl("", RecommendController.PATH, new LaunchLinks.Launch("recommend", "demo", ehrUserId,
                links.expiresIn(Duration.ofMinutes(5)), LaunchLinks.newNonce(), null, new RecommendRequest(patientId, null, null).signedFields()));
    }
}

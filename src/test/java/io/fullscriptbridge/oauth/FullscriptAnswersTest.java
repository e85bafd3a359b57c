package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.simulator.FaultSettings;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 9, part 3 (decision D47): Fullscript refusing a user's token is not a transient failure. The EHR is asked to
 * have the user authorize again, the message waits parked, and a replay that still finds no connection waits again.
 */
@BridgeIntegrationTest
class FullscriptAnswersTest extends OAuthTestSupport {

    private static final String CREATE = "POST /api/clinic/patients";

    @Autowired ParkedMessageRepository parked;
    @Autowired ParkingLot parkingLot;

    @Test
    void a401AfterTheOneRefreshAsksForAuthorizationAndParksInsteadOfRedelivering() throws Exception {
        String user = newUser();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        long creates = simulatorRequests.count(CREATE);
        // Fullscript refuses the token on the create, and again after the refresh (e.g. a scope the grant lacks)
        faults.configure(new FaultSettings(null, null, null, null, null, 2, 401, CREATE, null));

        String messageId = sendInbound(user, upsert(mrn()));

        JsonNode ask = receiveOutbound(messageId, 20_000);
        assertThat(ask.path("type").asText()).isEqualTo("authorization.required");
        assertThat(ask.at("/data/reason").asText()).isEqualTo("reauthorization_required");
        assertThat(ask.at("/data/connectUrl").asText()).contains("/oauth/fullscript/connect").contains("sig=");
        assertThat(simulatorRequests.count(CREATE)).as("one attempt, one after the refresh; no redeliveries").isEqualTo(creates + 2);
        assertThat(parked.findByTenantAndMessageId("demo", messageId)).hasValueSatisfying(p -> {
            assertThat(p.getReplayedAt()).isNull();
            assertThat(p.getReason()).isEqualTo("reauthorization_required");
        });

        // the user authorizes again: the message replays and links
        faults.reset();
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("patient.linked");
    }

    @Test
    void aReplayThatStillFindsNoConnectionStaysParkedForTheNextConnect() throws Exception {
        String user = newUser();
        String messageId = sendInbound(user, upsert(mrn()));
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("authorization.required");

        // replayed (as after a connect elsewhere), and still no connection for this user
        assertThat(parkingLot.replay("demo", user)).isEqualTo(1);
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("authorization.required");
        assertThat(parked.findByTenantAndMessageId("demo", messageId))
                .hasValueSatisfying(p -> assertThat(p.getReplayedAt()).as("parked again").isNull());

        // so the user's connect replays it
        connect(user, SimulatorSeed.PRACTITIONER_1_ID);
        assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("patient.linked");
    }
}

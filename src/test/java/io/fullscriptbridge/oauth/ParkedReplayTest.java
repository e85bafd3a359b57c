package io.fullscriptbridge.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.ops.JournalEntry;
import io.fullscriptbridge.ops.JournalRepository;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Several messages parked while their user had no connection are replayed in arrival order once the user connects. */
@BridgeIntegrationTest
class ParkedReplayTest extends OAuthTestSupport {

    @Autowired JournalRepository journal;
    @Autowired SimulatorState simulator;

    @Test
    void threeVersionsOfOnePatientParkedThenReplayedInOrder() throws Exception {
        String user = newUser();
        String mrn = mrn();
        List<String> messageIds = new ArrayList<>();
        for (String lastName : List.of("Franklin", "Franklin-A", "Franklin-B")) {
            String body = "{\"type\":\"patient.upsert\",\"patient\":{\"id\":\"" + mrn + "\",\"firstName\":\"Rosalind\",\"lastName\":\""
                    + lastName + "\",\"email\":\"" + mrn.toLowerCase() + "@example.com\"}}";
            String messageId = sendInbound(user, body);
            messageIds.add(messageId);
            assertThat(receiveOutbound(messageId, 20_000).path("type").asText()).isEqualTo("authorization.required");
        }
        assertThat(messageIds).allSatisfy(id -> assertThat(state(id)).isEqualTo(JournalEntry.State.PARKED.name()));

        connect(user, SimulatorSeed.PRACTITIONER_1_ID);

        for (String messageId : messageIds) {
            JsonNode linked = receiveOutbound(messageId, 20_000);
            assertThat(linked.path("type").asText()).isEqualTo("patient.linked");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> messageIds.stream().allMatch(id -> JournalEntry.State.ANSWERED.name().equals(state(id))));
        for (int i = 1; i < messageIds.size(); i++) {
            assertThat(completedAt(messageIds.get(i))).as("replay %d completed after replay %d", i, i - 1)
                    .isAfter(completedAt(messageIds.get(i - 1)));
        }
        List<SimPatient> inFullscript = simulator.patients(SimulatorSeed.CLINIC_1_ID).stream().filter(p -> ("demo:" + mrn).equals(p.metadataId())).toList();
        assertThat(inFullscript).hasSize(1);
        assertThat(inFullscript.get(0).lastName()).as("the last message sent is the last applied").isEqualTo("Franklin-B");
    }

    private String state(String messageId) {
        return journal.findByTenantAndDirectionAndMessageId("demo", "inbound", messageId).map(JournalEntry::getState).orElse("none");
    }

    private Instant completedAt(String messageId) {
        return journal.findByTenantAndDirectionAndMessageId("demo", "inbound", messageId).orElseThrow().getCompletedAt();
    }
}

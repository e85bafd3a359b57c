package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.ops.JournalEntry;
import io.fullscriptbridge.ops.JournalRepository;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * One patient's messages are processed in the order they were sent while patients run in parallel. Each patient's
 * eight versions are sent back to back (v0 … v7 of one patient, then the next patient's), so without the grouping
 * by patient (JMSXGroupID) the eight consumers would take several versions of one patient at once: it would be
 * created more than once, and a version would overtake the one before it.
 * Checked on state, once every message is journalled as completed: one Fullscript patient per EHR patient, with the
 * last version's name, and each version completed after the one before it.
 */
@BridgeIntegrationTest
class ConcurrentPatientSyncTest {

    private static final int PATIENTS = 12;
    private static final int VERSIONS = 8;

    @Autowired BrokerProperties broker;
    @Autowired SimulatorState simulator;
    @Autowired JournalRepository journal;
    @Value("${bridge.inbound.concurrent-consumers}") int consumers;

    @Test
    void eachPatientsVersionsSentBackToBackAreAppliedInOrderAndCreateItOnce() throws Exception {
        assertThat(consumers).as("several consumers compete for the patients").isGreaterThan(1);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> mrns = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            mrns.add("MRN-" + run + "-" + p);
        }

        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            for (String mrn : mrns) {
                for (int v = 0; v < VERSIONS; v++) {
                    ehr.send("ehr.inbound.demo", CrossIndexTest.body(mrn, "Version" + v, "Patient", mrn.toLowerCase() + "@example.com", null),
                            Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", messageId(mrn, v)));
                }
            }
        }

        // every message has ended (completed, or refused: then the assertions below say which)
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> mrns.stream()
                .allMatch(mrn -> IntStream.range(0, VERSIONS).allMatch(v -> ended(mrn, v))));

        for (String mrn : mrns) {
            for (int v = 0; v < VERSIONS; v++) {
                assertThat(journalState(mrn, v)).as("%s version %d", mrn, v).isEqualTo(JournalEntry.State.ANSWERED.name());
            }
            List<SimPatient> inFullscript = simulator.patients(SimulatorSeed.CLINIC_1_ID).stream()
                    .filter(p -> ("demo:" + mrn).equals(p.metadataId())).toList();
            assertThat(inFullscript).as("one Fullscript patient for %s", mrn).hasSize(1);
            assertThat(inFullscript.get(0).firstName()).as("%s ends with its last version", mrn).isEqualTo("Version" + (VERSIONS - 1));
            for (int v = 1; v < VERSIONS; v++) {
                assertThat(completedAt(mrn, v)).as("%s version %d completed after version %d", mrn, v, v - 1)
                        .isAfter(completedAt(mrn, v - 1));
            }
        }
    }

    private static String messageId(String mrn, int version) {
        return mrn + "-v" + version;
    }

    private Instant completedAt(String mrn, int version) {
        return entry(mrn, version).map(JournalEntry::getCompletedAt).orElseThrow();
    }

    private String journalState(String mrn, int version) {
        return entry(mrn, version).map(JournalEntry::getState).orElse("not journalled");
    }

    private boolean ended(String mrn, int version) {
        return entry(mrn, version).map(e -> !JournalEntry.State.RECEIVED.name().equals(e.getState())).orElse(false);
    }

    private Optional<JournalEntry> entry(String mrn, int version) {
        return journal.findByTenantAndDirectionAndMessageId("demo", "inbound", messageId(mrn, version));
    }
}

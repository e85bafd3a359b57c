package io.fullscriptbridge.crossindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.fullscriptbridge.config.BrokerProperties;
import io.fullscriptbridge.simulator.SimPatient;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.simulator.SimulatorState;
import io.fullscriptbridge.support.AmqpClient;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The benchmark run (not in the default suite: {@code mvn -B verify -Pbench}, docs/benchmarks.md): eight consumers,
 * 1,000 messages about 100 patients, each patient's ten versions sent in order: every patient is created exactly
 * once and ends with the demographics of its last message. The suite's order test is
 * {@link ConcurrentPatientSyncTest} (versions back to back).
 */
@Tag("bench")
@BridgeIntegrationTest
class ConcurrentPatientSyncBenchmarkTest {

    private static final int PATIENTS = 100;
    private static final int VERSIONS = 10;

    @Autowired BrokerProperties broker;
    @Autowired SimulatorRequestLog requests;
    @Autowired SimulatorState simulator;
    @Value("${bridge.inbound.concurrent-consumers}") int consumers;

    @Test
    void everyPatientIsCreatedOnceAndEndsWithItsLastVersion() throws Exception {
        assertThat(consumers).isEqualTo(8);
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> mrns = new ArrayList<>();
        for (int p = 0; p < PATIENTS; p++) {
            mrns.add("MRN-" + run + "-" + p);
        }
        long createsBefore = requests.count("POST /api/clinic/patients");

        try (AmqpClient ehr = AmqpClient.as("demo", broker.resolvedPort())) {
            for (int v = 0; v < VERSIONS; v++) {
                for (String mrn : mrns) {
                    ehr.send("ehr.inbound.demo", CrossIndexTest.body(mrn, "Version" + v, "Patient", mrn.toLowerCase() + "@example.com", null),
                            Map.of("tenant", "demo", "ehrUserId", "dr-bennett", "messageId", mrn + "-v" + v));
                }
            }
        }

        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> mrns.stream()
                .allMatch(mrn -> byMetadata(mrn).map(p -> p.firstName().equals("Version" + (VERSIONS - 1))).orElse(false)));
        // settle: nothing still in flight may change the result
        Thread.sleep(2_000);
        assertThat(requests.count("POST /api/clinic/patients") - createsBefore).as("each patient created exactly once").isEqualTo(PATIENTS);
        for (String mrn : mrns) {
            assertThat(simulator.patients(SimulatorSeed.CLINIC_1_ID).stream().filter(p -> ("demo:" + mrn).equals(p.metadataId())).count())
                    .as("one Fullscript patient for %s", mrn).isEqualTo(1);
            assertThat(byMetadata(mrn).orElseThrow().firstName()).isEqualTo("Version" + (VERSIONS - 1));
        }
    }

    private Optional<SimPatient> byMetadata(String mrn) {
        return simulator.patients(SimulatorSeed.CLINIC_1_ID).stream().filter(p -> ("demo:" + mrn).equals(p.metadataId())).findFirst();
    }
}

package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fullscriptbridge.simulator.SimEvent;
import io.fullscriptbridge.simulator.SimulatorEvents;
import io.fullscriptbridge.simulator.SimulatorPortal;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorSeed;
import io.fullscriptbridge.support.BridgeIntegrationTest;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** A poll whose events fill more than one page (Fullscript pages hold at most 100) reads every page. */
@BridgeIntegrationTest
class EventsPollPagesTest {

    static final int EVENTS = 130;

    @Autowired SimulatorPortal portal;
    @Autowired SimulatorEvents simulatorEvents;
    @Autowired SimulatorRequestLog requests;
    @Autowired EventPoller poller;
    @Autowired @Qualifier("eventIdempotentRepository") IdempotentRepository handedOn;

    @Test
    void everyEventOnEveryPageIsHandedOn() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            portal.updatePatient(SimulatorSeed.PATIENT_PLAIN_ID, Map.of("first_name", "Paged" + i + "x" + System.nanoTime()));
            List<SimEvent> events = simulatorEvents.events(SimulatorSeed.CLINIC_1_ID);
            ids.add(events.get(events.size() - 1).id());
        }
        assertThat(ids).doesNotHaveDuplicates();

        poller.pollAll();

        assertThat(requests.entries(e -> e.endpointKey().equals("GET /api/events/patients") && e.mentions("page[number]=2")))
                .as("the second page was read").isNotEmpty();
        await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(handedOn::contains));
    }
}

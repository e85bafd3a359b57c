package io.fullscriptbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.events.FullscriptEventIntake;
import io.fullscriptbridge.events.FullscriptEvents;
import io.fullscriptbridge.ehr.OutboundEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * routes/fullscript-events.camel.yaml on its own: an event submitted through FullscriptEventIntake lands on
 * fullscript.events; the consumer hands each event id on once, one message per tenant the dispatcher names, each to
 * direct:ehr-outbound (a mock here). Run alone: {@code mvn -q test -Dtest=FullscriptEventsRouteTest}.
 */
class FullscriptEventsRouteTest {

    private final FullscriptEvents events = mock(FullscriptEvents.class);
    private RouteHarness routes;

    @BeforeEach
    void start() throws Exception {
        ObjectMapper json = new ObjectMapper();
        doAnswer(call -> {
            Exchange exchange = call.getArgument(0);
            var event = json.readTree(exchange.getMessage().getBody(String.class)).path("event");
            exchange.setProperty(FullscriptEvents.EVENT, event);
            exchange.getMessage().setHeader("eventId", event.path("id").asText());
            return null;
        }).when(events).read(any());
        when(events.dispatch(any())).thenReturn(List.of(
                OutboundEvent.of("fullscript.treatment_plan.activated", "evt-1", "demo", List.of()),
                OutboundEvent.of("fullscript.treatment_plan.activated", "evt-1", "acme", List.of())));
        routes = RouteHarness.of("fullscript-events.camel.yaml")
                .bind("fullscriptEvents", events)
                .bind("eventIdempotentRepository", MemoryIdempotentRepository.memoryIdempotentRepository())
                .stubDirect("direct:ehr-outbound", "mock:ehr-outbound")
                .start();
    }

    @AfterEach
    void stop() {
        routes.close();
    }

    @Test
    void anEventGoesToEveryTenantTheDispatcherNamesOnce() {
        FullscriptEventIntake intake = routes.entry(FullscriptEventIntake.class);
        intake.submit("{\"event\":{\"id\":\"evt-1\",\"type\":\"treatment_plan.activated\"}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> routes.mock("mock:ehr-outbound").getReceivedCounter() == 2);

        // the same event again (webhook and poll both saw it): not handed on a second time
        intake.submit("{\"event\":{\"id\":\"evt-1\",\"type\":\"treatment_plan.activated\"}}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> verify(events, times(2)).read(any()));

        verify(events, times(1)).dispatch(any());
        assertThat(routes.mock("mock:ehr-outbound").getReceivedExchanges())
                .extracting(e -> e.getMessage().getBody(OutboundEvent.class).tenant()).containsExactly("demo", "acme");
    }
}

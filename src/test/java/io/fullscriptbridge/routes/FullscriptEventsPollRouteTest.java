package io.fullscriptbridge.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fullscriptbridge.events.EventPoller;
import io.fullscriptbridge.events.EventRetention;
import org.junit.jupiter.api.Test;

/**
 * routes/fullscript-events-poll.camel.yaml on its own: each Quartz trigger (a direct: here) runs its one bean, and
 * the poll stays off when bridge.events.poll.enabled is false. Run alone:
 * {@code mvn -q test -Dtest=FullscriptEventsPollRouteTest}.
 */
class FullscriptEventsPollRouteTest {

    @Test
    void thePollTriggerPollsEveryClinicAndThePruneTriggerForgetsOldEventIds() throws Exception {
        EventPoller poller = mock(EventPoller.class);
        EventRetention eventRetention = mock(EventRetention.class);
        when(poller.pollAll()).thenReturn(3);
        try (RouteHarness routes = RouteHarness.of("fullscript-events-poll.camel.yaml")
                .bind("eventPoller", poller)
                .bind("eventRetention", eventRetention)
                .advice("fullscript-events-poll", a -> a.replaceFromWith("direct:poll"))
                .advice("fullscript-events-prune", a -> a.replaceFromWith("direct:prune"))
                .start()) {
            assertThat(routes.camel.getRouteController().getRouteStatus("fullscript-events-poll").isStarted())
                    .as("bridge.events.poll.enabled is true in application.yml").isTrue();
            assertThat(routes.camel.createProducerTemplate().requestBody("direct:poll", "", Integer.class)).isEqualTo(3);
            routes.camel.createProducerTemplate().sendBody("direct:prune", "");
            verify(poller).pollAll();
            verify(eventRetention).prune();
        }
    }

    @Test
    void thePollRouteStaysStoppedWhenPollingIsSwitchedOff() throws Exception {
        try (RouteHarness routes = RouteHarness.of("fullscript-events-poll.camel.yaml")
                .bind("eventPoller", mock(EventPoller.class))
                .bind("eventRetention", mock(EventRetention.class))
                .property("bridge.events.poll.enabled", "false")
                .advice("fullscript-events-poll", a -> a.replaceFromWith("direct:poll"))
                .advice("fullscript-events-prune", a -> a.replaceFromWith("direct:prune"))
                .start()) {
            assertThat(routes.camel.getRouteController().getRouteStatus("fullscript-events-poll").isStarted()).isFalse();
        }
    }
}

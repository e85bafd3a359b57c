package io.fullscriptbridge.events;

import io.fullscriptbridge.routing.EntryRoute;
import org.apache.camel.Body;

/**
 * A Fullscript event (webhook body, polled event, replayed parked event) onto fullscript.events: route
 * fullscript-event-intake (routes/fullscript-events.camel.yaml). Returns once the broker holds it.
 */
@EntryRoute("fullscript-event-intake")
public interface FullscriptEventIntake {

    void submit(@Body String event);
}

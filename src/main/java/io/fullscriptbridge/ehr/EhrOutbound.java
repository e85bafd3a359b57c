package io.fullscriptbridge.ehr;

import io.fullscriptbridge.routing.EntryRoute;
import org.apache.camel.Body;

/** An event to a tenant's EHR sent outside an inbound message's route: route ehr-outbound (routes/ehr-outbound.camel.yaml). */
@EntryRoute("ehr-outbound")
public interface EhrOutbound {

    void publish(@Body OutboundEvent event);
}

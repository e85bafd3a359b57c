package io.fullscriptbridge.ehr;

import java.util.Map;

import io.fullscriptbridge.routing.EntryRoute;
import org.apache.camel.Body;
import org.apache.camel.Headers;

/**
 * An EHR message the bridge itself puts on the inbound queue (HTTP ingress, a parked message's replay): route
 * ehr-ingress (routes/ehr-inbound.camel.yaml), as the bridge's own broker user. Returns once the broker holds it.
 */
@EntryRoute("ehr-ingress")
public interface EhrIngress {

    /** @param headers the contract's headers (tenant, ehrUserId, messageId …), already checked by the caller */
    void submit(@Body String body, @Headers Map<String, Object> headers);
}

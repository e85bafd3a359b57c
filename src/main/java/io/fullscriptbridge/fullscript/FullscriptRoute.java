package io.fullscriptbridge.fullscript;

import com.fasterxml.jackson.databind.JsonNode;
import io.fullscriptbridge.routing.EntryRoute;
import org.apache.camel.ExchangeProperty;

/**
 * One Fullscript call through route fullscript-api (routes/fullscript-api.camel.yaml). Exchange properties, never
 * headers: headers would go to Fullscript over HTTP. The typed exceptions of the route reach the caller.
 */
@EntryRoute("fullscript-api")
public interface FullscriptRoute {

    /**
     * @param messageId the caller's message id (or event id), for the call's log lines; may be null
     * @param route     the caller's route, for the call's log lines; may be null
     * @param lane      the lane the call waits in for the rate budget (D83)
     */
    JsonNode call(@ExchangeProperty(FullscriptCall.REQUEST) FullscriptRequest request,
                  @ExchangeProperty(LogContext.MESSAGE_ID) String messageId,
                  @ExchangeProperty(LogContext.ROUTE) String route,
                  @ExchangeProperty(FullscriptCall.LANE) FullscriptLane lane);
}

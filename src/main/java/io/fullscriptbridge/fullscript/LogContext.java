package io.fullscriptbridge.fullscript;

import org.apache.camel.Exchange;

/**
 * Which message a Fullscript call is made for: the flow that handles a message (an inbound message, a Fullscript
 * event) records its id on its exchange here; Camel's MDC service (camel-mdc, {@code camel.mdc.custom-exchange-*})
 * puts it into the MDC while each of the exchange's processors runs and removes it after (D53), so every log line
 * of the message's path names it and no value outlives the exchange. Ids only: never PHI.
 */
public final class LogContext {

    /** The exchange property (and MDC key) holding the message's id: the inbound messageId or the event id. */
    public static final String MESSAGE_ID = "messageId";
    /** The exchange property naming the route a Fullscript call was made for. */
    public static final String ROUTE = "bridgeRoute";
    /** Camel's own MDC key of the current route. */
    public static final String CAMEL_ROUTE = "camel.routeId";

    private LogContext() {
    }

    public static void enter(Exchange exchange, String messageId) {
        exchange.setProperty(MESSAGE_ID, messageId);
        exchange.setProperty(ROUTE, exchange.getFromRouteId());
    }
}

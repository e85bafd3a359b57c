package io.fullscriptbridge.fullscript;

import org.apache.camel.Exchange;
import org.slf4j.MDC;

/**
 * Which message a Fullscript call is made for: the flow that handles a message (an inbound message, a Fullscript
 * event) records its id and route here, so each call's log line (with Fullscript's X-Request-Id) names them.
 * Ids only: never PHI.
 */
public final class LogContext {

    public static final String ROUTE = "bridgeRoute";
    public static final String MESSAGE_ID = "bridgeMessageId";

    private LogContext() {
    }

    public static void enter(Exchange exchange, String messageId) {
        MDC.put(ROUTE, exchange.getFromRouteId());
        MDC.put(MESSAGE_ID, messageId);
    }
}

package io.fullscriptbridge.ehr;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Turns an {@link OutboundEvent} into the message an EHR receives: JSON body, and only the headers of the
 * contract (type, tenant, correlationId) so nothing internal, and no PHI, leaks into broker properties.
 * When the request named a reply queue (JMSReplyTo), the same message goes there too.
 */
@Component("outboundPublisher")
public class OutboundPublisher {

    private final ObjectMapper mapper;
    private final ReplyDestinations destinations;

    public OutboundPublisher(ObjectMapper mapper, ReplyDestinations destinations) {
        this.mapper = mapper;
        this.destinations = destinations;
    }

    /**
     * The message for ehr.outbound.&lt;event tenant&gt; (sent by name with {@link ReplyDestinations#DESTINATION_NAME}).
     * The reply queue comes only from the exchange's {@link InboundContext}, where the bridge keeps it
     * after its own checks; it is checked again against the event's tenant, and dropped when it is the outbound queue.
     */
    public void prepare(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        OutboundEvent event = message.getMandatoryBody(OutboundEvent.class);
        String outbound = destinations.outboundQueue(event.tenant());
        destinations.replyQueueFor(exchange, event.tenant()).filter(outbound::equals)
                .ifPresent(same -> destinations.dropReplyTo(exchange));
        message.getHeaders().clear();
        message.setHeader(ReplyDestinations.DESTINATION_NAME, outbound);
        message.setHeader("type", event.type());
        message.setHeader("tenant", event.tenant());
        message.setHeader("correlationId", event.correlationId());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(mapper.writeValueAsString(event));
    }

    /**
     * Whether the answer also goes to a reply queue: the request named one the bridge kept. A method, not Simple's
     * {@code ${exchangeProperty.bridgeInbound?.replyTo}}, for which Camel introspected the context's class on every
     * answer (D89).
     */
    public boolean wantsReply(Exchange exchange) {
        return InboundContext.find(exchange).map(InboundContext::getReplyTo).isPresent();
    }

    /** The same message to the request's reply queue (the route calls it when {@link #wantsReply} says so). */
    public void toReplyQueue(Exchange exchange) {
        String tenant = exchange.getMessage().getHeader("tenant", String.class);
        String replyTo = destinations.replyQueueFor(exchange, tenant)
                .orElseThrow(() -> new IllegalStateException("no reply queue of the tenant on this exchange"));
        exchange.getMessage().setHeader(ReplyDestinations.DESTINATION_NAME, replyTo);
    }
}

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

    public OutboundPublisher(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public void prepare(Exchange exchange) throws Exception {
        Message message = exchange.getMessage();
        OutboundEvent event = message.getMandatoryBody(OutboundEvent.class);
        String replyTo = message.getHeader(InboundMessageReader.REPLY_TO, String.class);
        if (replyTo != null) {
            exchange.setProperty(InboundMessageReader.REPLY_TO, replyTo);
        }
        message.getHeaders().clear();
        message.setHeader("type", event.type());
        message.setHeader("tenant", event.tenant());
        message.setHeader("correlationId", event.correlationId());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(mapper.writeValueAsString(event));
    }
}

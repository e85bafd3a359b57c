package io.fullscriptbridge.ehr;

import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Builds the outbound events that answer a message without processing it. */
@Component("outboundEvents")
public class OutboundEvents {

    public record IntegrationDisabled(String ehrUserId, String reason) {
    }

    public OutboundEvent integrationDisabled(Exchange exchange) {
        InboundEnvelope envelope = exchange.getProperty(InboundMessageReader.ENVELOPE, InboundEnvelope.class);
        return OutboundEvent.of("integration.disabled", envelope.messageId(), envelope.tenant(),
                new IntegrationDisabled(envelope.ehrUserId(), "the Fullscript integration is switched off for this user"));
    }
}

package io.fullscriptbridge.ehr;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.springframework.stereotype.Component;

/** Builds the outbound events that answer a message without processing it. */
@Component("outboundEvents")
public class OutboundEvents {

    public record IntegrationDisabled(String ehrUserId, String reason) {
    }

    /** data of message.rejected: which message and why; never the body or any value from it. */
    public record MessageRejected(String messageId, String errorCode, String errorMessage) {
    }

    public OutboundEvent integrationDisabled(@ExchangeProperty(InboundContext.PROPERTY) InboundContext inbound) {
        InboundEnvelope envelope = inbound.requiredEnvelope();
        return OutboundEvent.of("integration.disabled", envelope.messageId(), envelope.tenant(),
                new IntegrationDisabled(envelope.ehrUserId(), "the Fullscript integration is switched off for this user"));
    }

    /**
     * In the invalid-message handler, after the original went to ehr.inbound.invalid (headers errorCode and
     * errorMessage set): the sending tenant's answer, or null when the sender's tenant is unknown (then only the
     * invalid queue has it).
     */
    public OutboundEvent rejected(Exchange exchange) {
        InboundContext inbound = InboundContext.find(exchange).orElse(null);
        String tenant = inbound == null ? null : inbound.getSender();
        if (tenant == null) {
            return null;
        }
        InboundEnvelope envelope = inbound.getEnvelope();
        String messageId = envelope != null ? envelope.messageId() : exchange.getMessage().getHeader("messageId", String.class);
        if (messageId == null) {
            messageId = exchange.getMessage().getHeader("JMSMessageID", String.class);
        }
        return OutboundEvent.of("message.rejected", messageId, tenant, new MessageRejected(messageId,
                exchange.getMessage().getHeader("errorCode", String.class), exchange.getMessage().getHeader("errorMessage", String.class)));
    }
}

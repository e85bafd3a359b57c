package io.fullscriptbridge.oauth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.ehr.EhrIngress;
import io.fullscriptbridge.ehr.InboundContext;
import io.fullscriptbridge.ehr.InboundEnvelope;
import io.fullscriptbridge.ehr.InboundMessageReader;
import io.fullscriptbridge.ehr.OutboundEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages of users with no usable connection wait here (sealed, in order) instead of failing; the EHR is told
 * with authorization.required. When the user connects, {@link #replay} puts them back on ehr.inbound in the
 * order they arrived, with their original headers.
 */
@Component("parkingLot")
public class ParkingLot {

    private static final Logger log = LoggerFactory.getLogger(ParkingLot.class);
    private static final List<String> KEPT_HEADERS = List.of("tenant", "ehrUserId", "clinicId", "messageId", "contentType", "JMSXGroupID");

    private final ParkedMessageRepository repository;
    private final TokenCipher cipher;
    private final ObjectMapper mapper;
    private final AuthorizationNotifier notifier;
    private final EhrIngress ingress;

    public ParkingLot(ParkedMessageRepository repository, TokenCipher cipher, ObjectMapper mapper,
                      AuthorizationNotifier notifier, EhrIngress ingress, MeterRegistry meters) {
        this.repository = repository;
        this.cipher = cipher;
        this.mapper = mapper;
        this.notifier = notifier;
        this.ingress = ingress;
        Gauge.builder("bridge.parked.messages", repository, ParkedMessageRepository::countByReplayedAtIsNull)
                .description("Inbound messages waiting for their user to connect").register(meters);
    }

    /**
     * Error-handler step (the exchange holds the original message again): parks it and leaves the
     * authorization.required event as the body for the outbound route.
     */
    @Transactional
    public OutboundEvent park(Exchange exchange) throws JsonProcessingException {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        InboundEnvelope envelope = InboundContext.find(exchange).orElseThrow(() -> new IllegalStateException("no inbound message to park"))
                .requiredEnvelope();
        Message in = exchange.getMessage();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : KEPT_HEADERS) {
            String value = in.getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        // the reader resolved a missing tenant or messageId: keep what it decided
        headers.put("tenant", envelope.tenant());
        headers.put("messageId", envelope.messageId());
        String reason = reasonOf(caught);
        var existing = repository.findByTenantAndMessageId(envelope.tenant(), envelope.messageId());
        if (existing.isEmpty()) {
            repository.save(new ParkedMessage(envelope.tenant(), envelope.ehrUserId(), envelope.messageId(), reason,
                    mapper.writeValueAsString(headers), cipher.seal(in.getBody(String.class), bodyContext(envelope.tenant(), envelope.messageId()))));
        } else if (existing.get().getReplayedAt() != null) {
            // a replay that still found no usable connection: it waits for the next connect again
            existing.get().parkedAgain(reason);
            repository.save(existing.get());
        }
        log.info("message parked messageId={} tenant={} reason={}", envelope.messageId(), envelope.tenant(), reason);
        return notifier.event(envelope.tenant(), envelope.ehrUserId(), envelope.clinicId(), reason, envelope.messageId());
    }

    /**
     * Why the message waits: the NoConnectionException's code; reauthorization_required when Fullscript refused the
     * token after its one refresh (401), missing_scope when the token lacks a scope (403 naming a scope).
     */
    static String reasonOf(Exception caught) {
        if (caught instanceof NoConnectionException e) {
            return e.getErrorCode();
        }
        if (caught instanceof io.fullscriptbridge.fullscript.FullscriptApiException.InsufficientScope) {
            return "missing_scope";
        }
        if (caught instanceof io.fullscriptbridge.fullscript.FullscriptApiException.Unauthorized) {
            return "reauthorization_required";
        }
        return "no_connection";
    }

    /** The associated data binding a parked body to its row (tenant and messageId are its unique key). */
    public static String bodyContext(String tenant, String messageId) {
        return "parked_message:" + tenant + ":" + messageId;
    }

    /** Puts the user's parked messages back on ehr.inbound, oldest first. @return how many */
    @Transactional
    public int replay(String tenant, String ehrUserId) {
        List<ParkedMessage> waiting = repository.findByTenantAndEhrUserIdAndReplayedAtIsNullOrderById(tenant, ehrUserId);
        for (ParkedMessage parked : waiting) {
            Map<String, Object> headers;
            try {
                headers = new LinkedHashMap<>(mapper.readValue(parked.getHeadersJson(), new TypeReference<Map<String, String>>() { }));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("parked message " + parked.getId() + " has unreadable headers", e);
            }
            // a replay is a new attempt of the same message: the idempotent repository must not take it for a re-send
            headers.put("bridgeReplay", ":replay-" + parked.getId());
            ingress.submit(cipher.open(parked.getBodySealed(), bodyContext(parked.getTenant(), parked.getMessageId())), headers);
            parked.replayed();
        }
        if (!waiting.isEmpty()) {
            log.info("replayed {} parked messages tenant={} ehrUserId={}", waiting.size(), tenant, ehrUserId);
        }
        return waiting.size();
    }
}

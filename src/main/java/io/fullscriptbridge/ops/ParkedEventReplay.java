package io.fullscriptbridge.ops;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.QueueNames;
import io.fullscriptbridge.events.FullscriptEventIntake;
import io.fullscriptbridge.events.FullscriptEvents;
import io.fullscriptbridge.events.ParkedEvent;
import io.fullscriptbridge.events.ParkedEventRepository;
import io.fullscriptbridge.oauth.TokenCipher;
import org.apache.camel.spi.IdempotentRepository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replays parked Fullscript events (events no tenant could take when they came): each goes back onto
 * {@code fullscript.events} as it arrived, and its id is forgotten by the once-per-event check, so it is dispatched
 * again (and parked again if still no tenant takes it). Audited like dead letters (D51).
 */
@Component
public class ParkedEventReplay {

    private final ParkedEventRepository parked;
    private final TokenCipher cipher;
    private final IdempotentRepository handedOn;
    private final FullscriptEventIntake intake;
    private final QueueNames queues;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final OpsAudit audit;

    public ParkedEventReplay(ParkedEventRepository parked, TokenCipher cipher,
                             @Qualifier("eventIdempotentRepository") IdempotentRepository handedOn, FullscriptEventIntake intake, QueueNames queues,
                             TransactionTemplate transactions, ObjectMapper json, OpsAudit audit) {
        this.parked = parked;
        this.cipher = cipher;
        this.handedOn = handedOn;
        this.intake = intake;
        this.queues = queues;
        this.transactions = transactions;
        this.json = json;
        this.audit = audit;
    }

    public DeadLetters.Outcome replay(List<Long> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new IllegalArgumentException("name the parked events to replay (ids)");
        }
        List<String> done = new ArrayList<>();
        for (Long id : ids) {
            ParkedEvent event = parked.findById(id).orElse(null);
            if (event == null) {
                continue;
            }
            String body = envelope(cipher.open(event.getPayloadSealed(), FullscriptEvents.payloadContext(event.getEventId())));
            // the row goes (and the id is forgotten) before the event is queued: if it is parked again, it is a new row
            transactions.executeWithoutResult(status -> parked.deleteById(id));
            if (event.getEventId() != null) {
                handedOn.remove(event.getEventId());
            }
            try {
                intake.submit(body);
            } catch (RuntimeException e) {
                parked.save(new ParkedEvent(event.getEventId(), event.getClinicId(), event.getEventType(), event.getReason(), event.getPayloadSealed()));
                throw e;
            }
            done.add(event.getEventId() == null ? "parked-" + id : event.getEventId());
        }
        audit.record("parked_event.replay", queues.getFullscriptEvents(), "ids=" + ids, done.size(), "replayed " + done);
        return new DeadLetters.Outcome("replay", queues.getFullscriptEvents(), ids.size(), done.size(), done);
    }

    /** Parked after reading: the event object itself; unreadable: the whole body as it came. */
    private String envelope(String payload) {
        try {
            JsonNode node = json.readTree(payload);
            if (node.isObject() && node.has("id") && node.has("type") && !node.has("event")) {
                return json.createObjectNode().set("event", node).toString();
            }
        } catch (Exception e) {
            // not JSON: queued as it came, and parked again as unreadable
        }
        return payload;
    }
}

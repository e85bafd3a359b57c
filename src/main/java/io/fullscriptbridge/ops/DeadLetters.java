package io.fullscriptbridge.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fullscriptbridge.config.Queues;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queues (DLQ.*) for ops: list, replay to the original queue, discard; every change audited.
 * Everything goes through Artemis' QueueControl on the management address (listMessagesAsJSON, retryMessage,
 * removeMessage), so a dead letter is never consumed by hand-rolled code and the broker keeps its own bookkeeping
 * (the original address travels in {@code _AMQ_ORIG_ADDRESS}, which retryMessage uses). Bodies are read only on
 * explicit request, with a queue browser.
 */
@Component
public class DeadLetters {

    /** Values that may go into a broker filter: ids and tenant names. Anything else is refused, never quoted. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._:@-]{1,200}");
    private static final int MAX_LISTED = 1000;

    /** One dead letter as ops see it; no body unless asked for. */
    public record DeadLetter(String queue, long brokerMessageId, String messageId, String tenant, String originalQueue,
                             String errorCode, Integer attempts, String journalState, Instant deadLetteredAt, long ageSeconds,
                             String body) {
    }

    /** What an action did; {@code refused}: what was not done and why (a first-stage replay, D65). */
    public record Outcome(String action, String queue, int requested, int affected, List<String> messageIds,
                          List<FirstStageReplay.Refusal> refused) {
        public Outcome(String action, String queue, int requested, int affected, List<String> messageIds) {
            this(action, queue, requested, affected, messageIds, List.of());
        }
    }

    private final BrokerManagement broker;
    private final JournalRepository journal;
    private final MessageJournal messageJournal;
    private final OpsAudit audit;
    private final ObjectMapper json;
    private final Clock clock;
    private final FirstStageReplay firstStage;

    public DeadLetters(BrokerManagement broker, JournalRepository journal, MessageJournal messageJournal, OpsAudit audit,
                       ObjectMapper json, Clock clock, FirstStageReplay firstStage) {
        this.firstStage = firstStage;
        this.broker = broker;
        this.journal = journal;
        this.messageJournal = messageJournal;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    public List<String> queues() {
        return broker.queueNames().stream().filter(q -> q.startsWith(Queues.DLQ_PREFIX)).toList();
    }

    public List<DeadLetter> list(String queue, String tenant, String messageId, boolean includeBody) {
        List<DeadLetter> result = new ArrayList<>();
        for (String q : queue == null || queue.isBlank() ? queues() : List.of(checkedQueue(queue))) {
            for (JsonNode m : raw(q, filter(tenant, messageId))) {
                if (result.size() >= MAX_LISTED) {
                    return result;
                }
                result.add(toDeadLetter(q, m, includeBody));
            }
        }
        return result;
    }

    /** Replays the given broker message ids, or (ids empty) every message matching tenant/messageId. */
    public Outcome replay(String queue, Collection<Long> ids, String tenant, String messageId) {
        String q = checkedQueue(queue);
        List<JsonNode> selected = select(q, ids, tenant, messageId);
        List<String> done = new ArrayList<>();
        List<FirstStageReplay.Refusal> refused = new ArrayList<>();
        for (JsonNode m : selected) {
            String mid = text(m, "messageId");
            long brokerId = m.path("messageID").asLong();
            String stamp = text(m, Queues.AUTHENTICATED_TENANT);
            if (firstStage.isFirstStage(text(m, "_AMQ_ORIG_QUEUE")) && stamp != null) {
                // an EHR's message the first stage dead-lettered: back through its tenant's address, with the tenant
                // the bridge recorded (D65)
                FirstStageReplay.Verdict verdict = firstStage.establish(mid, brokerId, stamp);
                if (verdict instanceof FirstStageReplay.Refusal refusal) {
                    refused.add(refusal);
                    continue;
                }
                String recorded = ((FirstStageReplay.Established) verdict).tenant();
                messageJournal.replayed(recorded, mid);
                if (firstStage.move(q, mid, recorded)) {
                    done.add(mid);
                }
                continue;
            }
            String t = text(m, "tenant");
            // the row says REPLAYED before the message can be processed again, so its final state wins
            if (mid != null && t != null) {
                messageJournal.replayed(t, mid);
            }
            if (Boolean.TRUE.equals(broker.queueOperation(q, "retryMessage", brokerId))) {
                done.add(mid == null ? String.valueOf(brokerId) : mid);
            }
        }
        audit.record("dead_letter.replay", q, selection(ids, tenant, messageId), done.size(), "replayed " + done
                + (refused.isEmpty() ? "" : "; refused " + refused.stream().map(r -> r.messageId() + " " + r.reason()).toList()));
        return new Outcome("replay", q, selected.size(), done.size(), done, refused);
    }

    public Outcome discard(String queue, Collection<Long> ids, String tenant, String messageId) {
        String q = checkedQueue(queue);
        List<JsonNode> selected = select(q, ids, tenant, messageId);
        List<String> done = new ArrayList<>();
        for (JsonNode m : selected) {
            if (Boolean.TRUE.equals(broker.queueOperation(q, "removeMessage", m.path("messageID").asLong()))) {
                String mid = text(m, "messageId");
                done.add(mid == null ? String.valueOf(m.path("messageID").asLong()) : mid);
            }
        }
        audit.record("dead_letter.discard", q, selection(ids, tenant, messageId), done.size(), "discarded " + done);
        return new Outcome("discard", q, selected.size(), done.size(), done);
    }

    private List<JsonNode> select(String queue, Collection<Long> ids, String tenant, String messageId) {
        List<JsonNode> all = raw(queue, filter(tenant, messageId));
        if (ids == null || ids.isEmpty()) {
            if ((tenant == null || tenant.isBlank()) && (messageId == null || messageId.isBlank())) {
                throw new IllegalArgumentException("name messages (ids) or a filter (tenant, messageId); 'all' is a filter too: tenant");
            }
            return all;
        }
        return all.stream().filter(m -> ids.contains(m.path("messageID").asLong())).toList();
    }

    private List<JsonNode> raw(String queue, String filter) {
        Object result = broker.queueOperation(queue, "listMessagesAsJSON", filter);
        try {
            JsonNode array = json.readTree(String.valueOf(result));
            List<JsonNode> list = new ArrayList<>();
            array.forEach(list::add);
            return list;
        } catch (Exception e) {
            throw new IllegalStateException("dead letters of " + queue + " not readable: " + e.getMessage(), e);
        }
    }

    private DeadLetter toDeadLetter(String queue, JsonNode m, boolean includeBody) {
        String messageId = text(m, "messageId");
        // the broker's mark of the sending tenant where there is one (an EHR need not send a tenant property)
        String tenant = text(m, Queues.AUTHENTICATED_TENANT) != null ? text(m, Queues.AUTHENTICATED_TENANT) : text(m, "tenant");
        long timestamp = m.path("timestamp").asLong(0);
        Instant at = timestamp > 0 ? Instant.ofEpochMilli(timestamp) : null;
        String errorCode = null;
        Integer attempts = null;
        String state = null;
        if (messageId != null && tenant != null) {
            var row = journal.findByTenantAndDirectionAndMessageId(tenant, MessageJournal.INBOUND, messageId).orElse(null);
            if (row != null) {
                errorCode = row.getErrorCode();
                attempts = row.getAttempts();
                state = row.getState();
                if (row.getDeadLetteredAt() != null) {
                    at = row.getDeadLetteredAt();
                }
            }
        }
        long age = at == null ? 0 : Math.max(0, Duration.between(at, clock.instant()).toSeconds());
        String body = null;
        if (includeBody) {
            body = broker.browseBody(queue, messageId != null && SAFE_VALUE.matcher(messageId).matches()
                    ? "messageId = '" + messageId + "'" : null);
        }
        return new DeadLetter(queue, m.path("messageID").asLong(), messageId, tenant, text(m, "_AMQ_ORIG_QUEUE"),
                errorCode, attempts, state, at, age, body);
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String filter(String tenant, String messageId) {
        List<String> parts = new ArrayList<>();
        if (tenant != null && !tenant.isBlank()) {
            parts.add("tenant = '" + safe(tenant) + "'");
        }
        if (messageId != null && !messageId.isBlank()) {
            parts.add("messageId = '" + safe(messageId) + "'");
        }
        return String.join(" AND ", parts);
    }

    private static String safe(String value) {
        if (!SAFE_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a valid id or tenant: use letters, digits and . _ : @ -");
        }
        return value;
    }

    private static String checkedQueue(String queue) {
        if (queue == null || !queue.startsWith(Queues.DLQ_PREFIX) || !SAFE_VALUE.matcher(queue).matches()) {
            throw new IllegalArgumentException("not a dead-letter queue: " + queue);
        }
        return queue;
    }

    private static String selection(Collection<Long> ids, String tenant, String messageId) {
        return (ids == null || ids.isEmpty() ? "" : "ids=" + ids + " ") + (tenant == null ? "" : "tenant=" + tenant + " ")
                + (messageId == null ? "" : "messageId=" + messageId);
    }

    static Map<String, Object> describe(Outcome o) {
        return Map.of("action", o.action(), "queue", o.queue(), "requested", o.requested(), "affected", o.affected(), "messageIds", o.messageIds(),
                "refused", o.refused().stream().map(r -> Map.of("messageId", String.valueOf(r.messageId()), "brokerMessageId", r.brokerMessageId(),
                        "reason", r.reason(), "detail", r.detail())).toList());
    }
}

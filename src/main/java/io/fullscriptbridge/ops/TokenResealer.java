package io.fullscriptbridge.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.fullscriptbridge.crossindex.ReviewQueue;
import io.fullscriptbridge.crossindex.TreatmentPlanStore;
import io.fullscriptbridge.events.FullscriptEvents;
import io.fullscriptbridge.oauth.Connection;
import io.fullscriptbridge.oauth.ParkingLot;
import io.fullscriptbridge.oauth.TokenCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Key rotation's second half: re-seals every sealed column under the current key (and the current format, v2 with
 * the row bound), reading old values with whichever configured key sealed them. Runs once at start-up
 * ({@code bridge.security.reseal-on-start}, default on) and on demand ({@code POST /api/admin/security/reseal}).
 * Each value is replaced only if the row still holds what was read (compare and set), so a token refreshed in the
 * meantime is never overwritten. A value no configured key opens is counted and left alone (never logged).
 */
@Component
public class TokenResealer {

    private static final Logger log = LoggerFactory.getLogger(TokenResealer.class);
    private static final int BATCH = 100;

    /** One sealed column: its table, the key columns of a row, and the associated data a row's value is bound to. */
    record SealedColumn(String table, String column, List<String> keys, Function<Map<String, Object>, String> context) {
        String name() {
            return table + "." + column;
        }
    }

    public record Outcome(int resealed, int unreadable) {
    }

    static final List<SealedColumn> COLUMNS = List.of(
            new SealedColumn("fullscript_connection", "access_token_enc", List.of("id"),
                    row -> Connection.accessContext((String) row.get("id"))),
            new SealedColumn("fullscript_connection", "refresh_token_enc", List.of("id"),
                    row -> Connection.refreshContext((String) row.get("id"))),
            new SealedColumn("parked_message", "body_enc", List.of("id"),
                    row -> ParkingLot.bodyContext((String) row.get("tenant"), (String) row.get("message_id"))),
            new SealedColumn("review_item", "message_enc", List.of("id"), row -> ReviewQueue.messageContext(
                    (String) row.get("tenant"), (String) row.get("ehr_patient_id"), (String) row.get("clinic_id"))),
            new SealedColumn("treatment_plan_copy", "plan_enc", List.of("clinic_id", "treatment_plan_id"),
                    row -> TreatmentPlanStore.planContext((String) row.get("clinic_id"), (String) row.get("treatment_plan_id"))),
            new SealedColumn("parked_event", "payload_enc", List.of("id"),
                    row -> FullscriptEvents.payloadContext((String) row.get("event_id"))));

    private final JdbcTemplate jdbc;
    private final TokenCipher cipher;
    private final boolean onStart;

    public TokenResealer(JdbcTemplate jdbc, TokenCipher cipher, @Value("${bridge.security.reseal-on-start:true}") boolean onStart) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.onStart = onStart;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void onStart() {
        if (onStart) {
            resealAll();
        }
    }

    /** @return per column ({@code table.column}) how many values moved to the current key and how many no key opens */
    public Map<String, Outcome> resealAll() {
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        for (SealedColumn column : COLUMNS) {
            Outcome outcome = reseal(column);
            outcomes.put(column.name(), outcome);
            if (outcome.resealed() > 0 || outcome.unreadable() > 0) {
                log.info("re-sealed column={} kid={} resealed={} unreadable={}", column.name(), cipher.currentKeyId(),
                        outcome.resealed(), outcome.unreadable());
            }
        }
        return outcomes;
    }

    private Outcome reseal(SealedColumn c) {
        String keys = String.join(", ", c.keys());
        String extra = switch (c.table()) {
            case "parked_message" -> ", tenant, message_id";
            case "review_item" -> ", tenant, ehr_patient_id, clinic_id";
            case "parked_event" -> ", event_id";
            default -> "";
        };
        String select = "select " + keys + extra + ", " + c.column() + " as sealed from " + c.table() + " where " + c.column()
                + " not like ? order by " + keys + " offset ? rows fetch next " + BATCH + " rows only";
        String update = "update " + c.table() + " set " + c.column() + " = ? where " + c.column() + " = ? and "
                + String.join(" and ", c.keys().stream().map(k -> k + " = ?").toList());
        int resealed = 0;
        int unreadable = 0;
        while (true) {
            // rows that moved no longer match; rows no key opens stay in front, so skip them
            List<Map<String, Object>> rows = jdbc.queryForList(select, "v2:" + cipher.currentKeyId() + ":%", unreadable);
            if (rows.isEmpty()) {
                return new Outcome(resealed, unreadable);
            }
            int progress = 0;
            for (Map<String, Object> row : rows) {
                String old = (String) row.get("sealed");
                String context = c.context().apply(row);
                String fresh;
                try {
                    fresh = cipher.seal(cipher.open(old, context), context);
                } catch (IllegalStateException e) {
                    unreadable++;
                    continue;
                }
                List<Object> args = new ArrayList<>(List.of(fresh, old));
                c.keys().forEach(k -> args.add(row.get(k)));
                // 0 rows: changed meanwhile (a refresh sealed it anew under the current key), nothing to do
                jdbc.update(update, args.toArray());
                resealed++;
                progress++;
            }
            if (progress == 0 && rows.size() < BATCH) {
                return new Outcome(resealed, unreadable);
            }
        }
    }
}

package io.fullscriptbridge.ops;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The pruning job (route {@code retention}, Quartz, daily): deletes what the bridge no longer needs, each kind after
 * its {@code bridge.retention.*} period. Event ids of the events consumer have their own job (EventRetention, 35 d);
 * broker dead letters expire in the broker. Logs counts only.
 */
@Component("retention")
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final JdbcTemplate jdbc;
    private final RetentionProperties keep;
    private final Clock clock;
    private final MeterRegistry meters;

    public Retention(JdbcTemplate jdbc, RetentionProperties keep, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.keep = keep;
        this.clock = clock;
        this.meters = meters;
    }

    /** @return rows removed per kind */
    public Map<String, Integer> pruneAll() {
        Instant now = Instant.now(clock);
        Map<String, Integer> removed = new LinkedHashMap<>();
        removed.put("oauth_states", delete("delete from oauth_state where expires_at < ?", now, keep.getOauthStates()));
        removed.put("launch_nonces", delete("delete from launch_nonce where expires_at < ?", now, keep.getLaunchNonces()));
        removed.put("idempotency_keys", delete("delete from camel_messageprocessed where processor_name = 'ehr-inbound' and created_at < ?",
                now, keep.getIdempotencyKeys()));
        removed.put("parked_messages", delete("delete from parked_message where replayed_at is null and parked_at < ?",
                now, keep.getParkedMessages()));
        removed.put("replayed_parked_messages", delete("delete from parked_message where replayed_at < ?",
                now, keep.getReplayedParkedMessages()));
        removed.put("resolved_reviews", delete("delete from review_item where resolved_at < ?", now, keep.getResolvedReviews()));
        removed.put("journal", delete("delete from message_journal where received_at < ?", now, keep.getJournal()));
        removed.put("ops_audit", delete("delete from ops_audit where at < ?", now, keep.getOpsAudit()));
        removed.put("parked_events", delete("delete from parked_event where received_at < ?", now, keep.getParkedEvents()));
        removed.forEach((kind, n) -> meters.counter("bridge.retention.pruned", "kind", kind).increment(n));
        log.info("retention pruned {}", removed);
        return removed;
    }

    private int delete(String sql, Instant now, Duration keepFor) {
        return jdbc.update(sql, Timestamp.from(now.minus(keepFor)));
    }
}

package io.fullscriptbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Pruning removes what is past its retention and keeps what is not. Time is a fixed clock: each kind gets one row
 * an hour past its period and one an hour inside it (the shared database's other rows are recent and stay).
 */
@BridgeIntegrationTest
class RetentionTest {

    static final Duration HOUR = Duration.ofHours(1);

    @Autowired JdbcTemplate jdbc;
    @Autowired RetentionProperties keep;
    @Autowired MeterRegistry meters;
    @Autowired CamelContext camel;

    final Instant now = Instant.parse("2030-01-15T03:37:00Z");
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void pruningRemovesOldRowsOfEveryKindAndKeepsRecentOnes() {
        state("old", now.minus(keep.getOauthStates()).minus(HOUR));
        state("new", now.minus(keep.getOauthStates()).plus(HOUR));
        nonce("old", now.minus(keep.getLaunchNonces()).minus(HOUR));
        nonce("new", now.minus(keep.getLaunchNonces()).plus(HOUR));
        idempotencyKey("old", now.minus(keep.getIdempotencyKeys()).minus(HOUR));
        idempotencyKey("new", now.minus(keep.getIdempotencyKeys()).plus(HOUR));
        parked("old-waiting", now.minus(keep.getParkedMessages()).minus(HOUR), null);
        parked("new-waiting", now.minus(keep.getParkedMessages()).plus(HOUR), null);
        parked("old-replayed", now.minus(Duration.ofDays(2)), now.minus(keep.getReplayedParkedMessages()).minus(HOUR));
        parked("new-replayed", now.minus(Duration.ofDays(2)), now.minus(keep.getReplayedParkedMessages()).plus(HOUR));
        review("old", now.minus(keep.getResolvedReviews()).minus(HOUR));
        review("new", now.minus(keep.getResolvedReviews()).plus(HOUR));
        review("open", null);
        jdbc.update("insert into ops_audit (at, actor, action, target, affected) values (?, 'a', 'retention-test', ?, 0)",
                java.sql.Timestamp.from(now.minus(keep.getOpsAudit()).minus(HOUR)), run + "old");
        jdbc.update("insert into ops_audit (at, actor, action, target, affected) values (?, 'a', 'retention-test', ?, 0)",
                java.sql.Timestamp.from(now.minus(keep.getOpsAudit()).plus(HOUR)), run + "new");
        journal("old", now.minus(keep.getJournal()).minus(HOUR));
        journal("new", now.minus(keep.getJournal()).plus(HOUR));
        parkedEvent("old", now.minus(keep.getParkedEvents()).minus(HOUR));
        parkedEvent("new", now.minus(keep.getParkedEvents()).plus(HOUR));

        new Retention(jdbc, keep, Clock.fixed(now, ZoneOffset.UTC), meters).pruneAll();

        assertThat(ids("select state from oauth_state")).doesNotContain(run + "old").contains(run + "new");
        assertThat(ids("select nonce from launch_nonce")).doesNotContain(run + "old-nonce-0000").contains(run + "new-nonce-0000");
        assertThat(ids("select message_id from camel_messageprocessed")).doesNotContain(run + "old").contains(run + "new");
        assertThat(ids("select message_id from parked_message")).doesNotContain(run + "old-waiting", run + "old-replayed")
                .contains(run + "new-waiting", run + "new-replayed");
        assertThat(ids("select message_id from review_item")).doesNotContain(run + "old").contains(run + "new", run + "open");
        assertThat(ids("select message_id from message_journal")).doesNotContain(run + "old").contains(run + "new");
        assertThat(ids("select target from ops_audit")).doesNotContain(run + "old").contains(run + "new");
        assertThat(ids("select event_id from parked_event")).doesNotContain(run + "old").contains(run + "new");
    }

    @Test
    void theJobIsAScheduledRoute() {
        assertThat(camel.getRoute("retention")).isNotNull();
        assertThat(camel.getRoute("retention").getEndpoint().getEndpointUri()).startsWith("quartz://bridge/retention");
    }

    private java.util.List<String> ids(String sql) {
        return jdbc.queryForList(sql, String.class);
    }

    private void state(String name, Instant expiresAt) {
        jdbc.update("insert into oauth_state (state, tenant, ehr_user_id, created_at, expires_at) values (?, 'demo', 'dr-r', ?, ?)",
                run + name, ts(expiresAt.minus(Duration.ofMinutes(10))), ts(expiresAt));
    }

    private void nonce(String name, Instant expiresAt) {
        jdbc.update("insert into launch_nonce (tenant, nonce, action, used_at, expires_at) values ('demo', ?, 'connect', ?, ?)",
                run + name + "-nonce-0000", ts(expiresAt.minus(HOUR)), ts(expiresAt));
    }

    private void idempotencyKey(String name, Instant createdAt) {
        jdbc.update("insert into camel_messageprocessed (id, processor_name, message_id, created_at) values (?, 'ehr-inbound', ?, ?)",
                ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50), run + name, ts(createdAt));
    }

    private void parked(String name, Instant parkedAt, Instant replayedAt) {
        jdbc.update("insert into parked_message (tenant, ehr_user_id, message_id, reason, headers_json, body_enc, parked_at, replayed_at) "
                + "values ('demo', 'dr-r', ?, 'no_connection', '{}', 'v2:x:y', ?, ?)", run + name, ts(parkedAt), ts(replayedAt));
    }

    private void review(String name, Instant resolvedAt) {
        jdbc.update("insert into review_item (tenant, ehr_patient_id, clinic_id, ehr_user_id, message_id, reason, candidate_ids, "
                        + "message_enc, status, created_at, resolved_at) values ('demo', 'MRN-R', 'c', 'dr-r', ?, 'shared_email', '', 'v2:x:y', ?, ?, ?)",
                run + name, resolvedAt == null ? "OPEN" : "RESOLVED", ts(now.minus(Duration.ofDays(60))), ts(resolvedAt));
    }

    private void journal(String name, Instant receivedAt) {
        jdbc.update("insert into message_journal (message_id, tenant, direction, state, received_at) values (?, 'demo', 'inbound', 'COMPLETED', ?)",
                run + name, ts(receivedAt));
    }

    private void parkedEvent(String name, Instant receivedAt) {
        jdbc.update("insert into parked_event (event_id, reason, payload_enc, received_at) values (?, 'unknown_clinic', 'v2:x:y', ?)",
                run + name, ts(receivedAt));
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}

package io.fullscriptbridge.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.fullscriptbridge.support.BridgeIntegrationTest;
import io.fullscriptbridge.support.TestClock;
import org.apache.camel.spi.IdempotentRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/** The daily prune job forgets handed-on event ids after 35 days, and nothing else. */
@BridgeIntegrationTest
class EventRetentionTest {

    @Autowired EventRetention retention;
    @Autowired @Qualifier("eventIdempotentRepository") IdempotentRepository handedOn;
    @Autowired @Qualifier("inboundIdempotentRepository") IdempotentRepository inbound;
    @Autowired JdbcTemplate jdbc;
    @Autowired TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    @Test
    void eventIdsOlderThan35DaysAreForgottenYoungerOnesAndInboundKeysAreKept() {
        Instant now = Instant.parse("2026-06-15T03:17:00Z");
        clock.set(now);
        String old = "evt-" + UUID.randomUUID();
        String young = "evt-" + UUID.randomUUID();
        String inboundKey = "demo:" + UUID.randomUUID();
        handedOn.add(old);
        handedOn.add(young);
        inbound.add(inboundKey);
        createdAt("fullscript-events", old, now.minus(Duration.ofDays(35)).minusSeconds(60));
        createdAt("fullscript-events", young, now.minus(Duration.ofDays(35)).plusSeconds(60));
        createdAt("ehr-inbound", inboundKey, now.minus(Duration.ofDays(400)));

        assertThat(retention.prune()).isGreaterThanOrEqualTo(1);

        assertThat(handedOn.contains(old)).as("36 days old: forgotten").isFalse();
        assertThat(handedOn.contains(young)).as("just under 35 days: kept").isTrue();
        assertThat(inbound.contains(inboundKey)).as("inbound idempotency keys are not the events job's").isTrue();
    }

    private void createdAt(String processor, String id, Instant at) {
        assertThat(jdbc.update("update camel_messageprocessed set created_at = ? where processor_name = ? and message_id = ?",
                Timestamp.from(at), processor, id)).isEqualTo(1);
    }
}

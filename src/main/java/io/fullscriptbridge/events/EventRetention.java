package io.fullscriptbridge.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Forgets handed-on event ids after 35 days (Fullscript keeps events 30, so none can come back after that). */
@Component("eventRetention")
public class EventRetention {

    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);

    private final JdbcTemplate jdbc;
    private final Duration keep;
    private final Clock clock;

    public EventRetention(JdbcTemplate jdbc, @Value("${bridge.events.keep-ids:35d}") Duration keep, Clock clock) {
        this.jdbc = jdbc;
        this.keep = keep;
        this.clock = clock;
    }

    public int prune() {
        int removed = jdbc.update("delete from camel_messageprocessed where processor_name = ? and created_at < ?",
                "fullscript-events", Timestamp.from(clock.instant().minus(keep)));
        log.info("event ids pruned removed={}", removed);
        return removed;
    }
}

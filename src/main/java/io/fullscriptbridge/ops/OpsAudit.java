package io.fullscriptbridge.ops;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who did what to the bridge from the admin API or the console, when and to how many messages (table
 * {@code ops_audit}, D51), also logged. Ids, queue names and filters only: never a body or demographics.
 */
@Component
public class OpsAudit {

    private static final Logger log = LoggerFactory.getLogger(OpsAudit.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public OpsAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String action, String target, String selection, int affected, String outcome) {
        String actor = actor();
        String sel = selection == null ? null : selection.substring(0, Math.min(4000, selection.length()));
        jdbc.update("insert into ops_audit (at, actor, action, target, selection, affected, outcome) values (?, ?, ?, ?, ?, ?, ?)",
                Timestamp.from(clock.instant()), actor, action, target, sel, affected, outcome);
        log.info("ops action actor={} action={} target={} affected={} selection={} outcome={}", actor, action, target, affected, sel, outcome);
    }

    public List<Map<String, Object>> recent(int limit) {
        return jdbc.queryForList("select at, actor, action, target, selection, affected, outcome from ops_audit order by id desc limit ?",
                Math.max(1, Math.min(limit, 500)));
    }

    static String actor() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth == null ? "system" : auth.getName();
    }
}

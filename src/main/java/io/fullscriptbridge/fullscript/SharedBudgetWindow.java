package io.fullscriptbridge.fullscript;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fullscript's rolling-window budget shared by every node through the database: a node that wants to send locks
 * the one {@code fullscript_budget_lock} row, forgets sends older than the window, counts the rest and logs its
 * send when there is room, all in one short transaction of its own (never the caller's, and never held while
 * anyone waits). N nodes together stay within the budget, and a node may use all of it while the others are idle.
 *
 * <p>Send times are the nodes' wall clocks (epoch milliseconds): keep the nodes' clocks in sync (NTP); a skew of
 * a few milliseconds is nothing against Fullscript's 5-minute window. A database round trip per Fullscript call is
 * cheap beside the call itself (at most about 17 calls a second are allowed).
 */
public class SharedBudgetWindow implements RequestBudget.Window {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final String node;
    private final long retentionMillis;
    private volatile int lastUsed;

    public SharedBudgetWindow(JdbcTemplate jdbc, PlatformTransactionManager transactions, int limit, Duration window, Clock clock, String node) {
        this(jdbc, transactions, limit, window, clock, node, window);
    }

    /** @param retention how long logged sends stay in the table (at least the window; longer for diagnostics) */
    public SharedBudgetWindow(JdbcTemplate jdbc, PlatformTransactionManager transactions, int limit, Duration window, Clock clock, String node,
                              Duration retention) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.tx.setTimeout(10);
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.node = node.length() > 100 ? node.substring(0, 100) : node;
        this.retentionMillis = Math.max(retention.toMillis(), windowMillis);
    }

    @Override
    public long tryLog(int cap, int spreadCap, long spreadNanos) {
        int allowed = Math.min(cap, limit);
        long spreadMillis = Math.min(windowMillis, Math.max(1, TimeUnit.NANOSECONDS.toMillis(spreadNanos)));
        Long waitMillis = tx.execute(status -> {
            jdbc.queryForObject("select name from fullscript_budget_lock where name = 'fullscript' for update", String.class);
            long now = clock.millis();
            jdbc.update("delete from fullscript_budget_send where sent_at_ms <= ?", now - retentionMillis);
            int sends = jdbc.queryForObject("select count(*) from fullscript_budget_send where sent_at_ms > ?", Integer.class, now - windowMillis);
            long wait = waitMillis(allowed, sends, windowMillis, now);
            if (wait == 0 && spreadCap < allowed) {
                int recent = jdbc.queryForObject("select count(*) from fullscript_budget_send where sent_at_ms > ?", Integer.class, now - spreadMillis);
                wait = waitMillis(spreadCap, recent, spreadMillis, now);
            }
            if (wait == 0) {
                jdbc.update("insert into fullscript_budget_send (sent_at_ms, node) values (?, ?)", now, node);
                lastUsed = sends + 1;
                return 0L;
            }
            lastUsed = sends;
            return wait;
        });
        return TimeUnit.MILLISECONDS.toNanos(waitMillis == null ? 1 : waitMillis);
    }

    /** 0 when fewer than {@code cap} of the {@code sends} in the last {@code span} ms; else until the send cap places back leaves it. */
    private long waitMillis(int cap, int sends, long span, long now) {
        if (sends < cap) {
            return 0;
        }
        Long leaving = jdbc.queryForObject(
                "select sent_at_ms from fullscript_budget_send where sent_at_ms > ? order by sent_at_ms desc offset ? rows fetch next 1 rows only",
                Long.class, now - span, cap - 1);
        return Math.max(1, leaving + span - now);
    }

    @Override
    public int used() {
        return lastUsed;
    }
}

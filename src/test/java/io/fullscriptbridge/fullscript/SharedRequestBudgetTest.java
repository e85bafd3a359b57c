package io.fullscriptbridge.fullscript;

import static io.fullscriptbridge.support.RollingWindows.maxInAnyWindow;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.fullscriptbridge.support.SharedPostgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Two bridge nodes (each its own connection pool and budget) share Fullscript's budget through one PostgreSQL: together
 * they never exceed it, and one node alone may use all of it.
 */
class SharedRequestBudgetTest {

    private static final int LIMIT = 30;
    private static final Duration WINDOW = Duration.ofMillis(1500);

    private static SharedPostgres.Database postgres;
    private static final List<HikariDataSource> pools = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = SharedPostgres.freshDatabase();
        Flyway.configure().dataSource(postgres.dataSource())
                .locations("classpath:db/migration", "classpath:db/vendor/postgresql").load().migrate();
    }

    @AfterAll
    static void stop() throws Exception {
        pools.forEach(HikariDataSource::close);
    }

    private static RequestBudget node(String name) {
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(postgres.dataSource());
        pool.setMaximumPoolSize(4);
        pools.add(pool);
        DataSource ds = pool;
        return new RequestBudget(LIMIT, WINDOW, null,
                new SharedBudgetWindow(new JdbcTemplate(ds), new DataSourceTransactionManager(ds), LIMIT, WINDOW, Clock.systemUTC(), name,
                        Duration.ofMinutes(5)));
    }

    @Test
    void theSharedWindowKeepsTheInteractiveReserveFromBulkCallsAndSpreadsThem() {
        new JdbcTemplate(postgres.dataSource()).update("delete from fullscript_budget_send");
        HikariDataSource pool = new HikariDataSource();
        pool.setDataSource(postgres.dataSource());
        pool.setMaximumPoolSize(2);
        pools.add(pool);
        SharedBudgetWindow window = new SharedBudgetWindow(new JdbcTemplate(pool), new DataSourceTransactionManager(pool), LIMIT, WINDOW,
                Clock.systemUTC(), "node-r", Duration.ofMinutes(5));
        long windowNanos = WINDOW.toNanos();
        int reserve = 3;
        // spread: at most 4 sends in any half of the window
        long half = windowNanos / 2;
        for (int i = 0; i < 4; i++) {
            assertThat(window.tryLog(LIMIT - reserve, 4, half)).as("bulk send %d", i).isZero();
        }
        assertThat(window.tryLog(LIMIT - reserve, 4, half)).as("the fifth bulk send in half a window waits, at most half a window")
                .isPositive().isLessThanOrEqualTo(half);
        // without spreading: up to limit - reserve
        for (int i = 4; i < LIMIT - reserve; i++) {
            assertThat(window.tryLog(LIMIT - reserve, LIMIT - reserve, windowNanos)).as("bulk send %d", i).isZero();
        }
        assertThat(window.tryLog(LIMIT - reserve, LIMIT - reserve, windowNanos)).as("a bulk call waits at limit - reserve")
                .isPositive().isLessThanOrEqualTo(windowNanos);
        for (int i = 0; i < reserve; i++) {
            assertThat(window.tryLog(LIMIT, LIMIT, windowNanos)).as("interactive send %d from the reserve", i).isZero();
        }
        assertThat(window.tryLog(LIMIT, LIMIT, windowNanos)).as("the limit holds for interactive calls too").isPositive();
        assertThat(window.used()).isEqualTo(LIMIT);
    }

    @Test
    void twoNodesTogetherNeverExceedTheBudgetAndAnIdleNodesShareIsNotWasted() throws Exception {
        new JdbcTemplate(postgres.dataSource()).update("delete from fullscript_budget_send");
        RequestBudget a = node("node-a");
        RequestBudget b = node("node-b");
        List<Long> sendsA = Collections.synchronizedList(new ArrayList<>());
        List<Long> sendsB = Collections.synchronizedList(new ArrayList<>());

        // node A alone first: it gets the whole budget at once, not half of it
        long start = System.currentTimeMillis();
        for (int i = 0; i < LIMIT; i++) {
            a.acquire();
            sendsA.add(System.currentTimeMillis());
        }
        assertThat(sendsA.get(LIMIT - 1) - start).as("node A alone used the full budget without waiting").isLessThan(WINDOW.toMillis());

        // then both nodes, four callers each, for about three windows
        long until = System.currentTimeMillis() + 3 * WINDOW.toMillis();
        ExecutorService callers = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            RequestBudget budget = t % 2 == 0 ? a : b;
            List<Long> sends = t % 2 == 0 ? sendsA : sendsB;
            callers.submit(() -> {
                while (System.currentTimeMillis() < until) {
                    budget.acquire();
                    sends.add(System.currentTimeMillis());
                }
                return null;
            });
        }
        callers.shutdown();
        assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        // the send times both nodes logged (kept here beyond the window): no rolling window holds more than the budget.
        // (Arrivals at Fullscript itself are checked against the simulator's own log in the two-node topology test.)
        List<Long> logged = new JdbcTemplate(postgres.dataSource())
                .queryForList("select sent_at_ms from fullscript_budget_send order by sent_at_ms", Long.class);
        assertThat(logged).hasSize(sendsA.size() + sendsB.size());
        assertThat(maxInAnyWindow(logged, WINDOW.toMillis())).as("sends of both nodes in any rolling window").isEqualTo(LIMIT);
        assertThat(sendsB).as("node B got its turns").isNotEmpty();
        // work-conserving: over about four windows the two nodes together sent about four budgets' worth
        assertThat(logged.size()).as("sends over about four windows").isGreaterThanOrEqualTo(3 * LIMIT);
    }

}

package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorReset;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The app-wide budget through the whole route, checked where Fullscript would count: at the simulator. 100 calls
 * from 10 threads calling as fast as they can, against a budget of 5 requests per rolling 200 ms
 * ({@link ResilienceContextTest}); every call succeeds (over the budget means waiting). The budget is small so that
 * even a busy 2-core machine calls faster than it allows: only then can a broken budget show at the simulator (a
 * loaded machine here managed about 50 calls/s through the route, less than 100 per 200 ms, and hundreds of
 * requests in flight at once outlast the context's 1 s response timeout).
 * <p>The check uses only causality, no slack: a request reaches the simulator after the budget let it go, and the
 * budget was empty when the test started at T0 (nothing sent in the window before). So by any moment T0 + t the
 * simulator can have received at most {@code limit * (floor(t / window) + 1)} requests; the j-th arrival (0-based)
 * must come no sooner than window * floor(j / limit) after T0. A missing, too generous or too short budget lets the
 * simulator receive more than that, and its request log shows it.
 */
@ResilienceContextTest
class FullscriptRateBudgetTest {

    static final String CLINIC = "GET /api/clinic";
    static final int CALLS = 100;
    static final int THREADS = 10;
    static final int LIMIT = ResilienceContextTest.BUDGET_REQUESTS;
    static final long WINDOW_NANOS = ResilienceContextTest.BUDGET_WINDOW_MS * 1_000_000;

    @Autowired FullscriptApi fullscript;
    @Autowired SimulatorReset simulator;
    @Autowired SimulatorRequestLog requests;
    @Autowired RequestBudget budget;
    @Autowired CircuitBreaker circuitBreaker;

    @BeforeEach
    void reset() {
        simulator.resetAll();
        circuitBreaker.reset();
        // no earlier test's sends left in the rolling window
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> budget.used() == 0);
    }

    @Test
    void callsAtOnceReachFullscriptNoFasterThanTheBudgetAllows() throws Exception {
        ActingUser user = new ActingUser("demo", "dr-bennett", null);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                calls.add(pool.submit(() -> fullscript.clinic(user)));
            }
            for (Future<?> call : calls) {
                call.get(2, TimeUnit.MINUTES); // every call succeeds: over the budget means waiting, never failing
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(requests.count(CLINIC, 200)).as("every call answered, none twice").isEqualTo(CALLS);
        List<Long> arrivals = requests.arrivals(CLINIC);
        assertThat(arrivals).as("arrivals the simulator recorded").hasSize(CALLS);
        for (int j = 0; j < arrivals.size(); j++) {
            long earliest = t0 + WINDOW_NANOS * (j / LIMIT);
            assertThat(arrivals.get(j)).as("arrival %d at the simulator: %d ms after the start, not before %d ms", j,
                    (arrivals.get(j) - t0) / 1_000_000, (earliest - t0) / 1_000_000).isGreaterThanOrEqualTo(earliest);
        }
    }
}

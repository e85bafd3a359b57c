package io.fullscriptbridge.fullscript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.fullscriptbridge.oauth.ActingUser;
import io.fullscriptbridge.simulator.SimulatorRequestLog;
import io.fullscriptbridge.simulator.SimulatorReset;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The app-wide budget through the whole route against the simulator: 6000 calls issued at once by 200 threads,
 * budget 100 requests per rolling 200 ms ({@link ResilienceContextTest}). Every call succeeds (over the budget means
 * waiting); the budget's own log of send times (a test listener) holds no more than 100 in any 200 ms window,
 * wherever it starts; and the simulator saw exactly as many requests as the budget let go, so none went around it.
 */
@ResilienceContextTest
class FullscriptRateBudgetTest {

    private static final Logger log = LoggerFactory.getLogger(FullscriptRateBudgetTest.class);

    static final String CLINIC = "GET /api/clinic";
    static final int CALLS = 6000;
    static final int THREADS = 200;
    static final int LIMIT = ResilienceContextTest.BUDGET_REQUESTS;
    static final double WINDOW_MS = ResilienceContextTest.BUDGET_WINDOW_MS;

    @Autowired FullscriptApi fullscript;
    @Autowired SimulatorReset simulator;
    @Autowired SimulatorRequestLog requests;
    @Autowired ResilienceTestSupport.BudgetSends budgetSends;
    @Autowired ResilienceTestSupport.SimulatorArrivals arrivals;
    @Autowired CircuitBreaker circuitBreaker;
    @Autowired MeterRegistry meters;

    @BeforeEach
    void reset() throws InterruptedException {
        simulator.resetAll();
        circuitBreaker.reset();
        Thread.sleep(ResilienceContextTest.BUDGET_WINDOW_MS); // no earlier test's sends left in the window
        budgetSends.clear();
        arrivals.clear();
    }

    @Test
    void sixThousandCallsAtOnceNeverExceedTheBudgetInAnyRollingWindow() throws Exception {
        ActingUser user = new ActingUser("demo", "dr-bennett", null);
        Timer budgetWait = meters.get("bridge.fullscript.budget.wait").timer();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        long start = System.nanoTime();
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
        double elapsedMs = (System.nanoTime() - start) / 1e6;

        List<Long> sent = budgetSends.nanos();
        List<Double> arrived = arrivals.millis(CLINIC);
        assertThat(requests.count(CLINIC, 200)).isEqualTo(CALLS);
        assertThat(arrived).as("every request the simulator saw").hasSize((int) requests.count(CLINIC));
        assertThat(sent).as("every request went through the budget, retries included").hasSize(arrived.size());

        int maxSent = maxInAnyWindow(sent.stream().map(n -> n / 1e6).toList(), WINDOW_MS);
        int maxArrived = maxInAnyWindow(arrived, WINDOW_MS);
        log.info("rate budget: {} calls in {} ms ({} req/s; budget {} per {} ms = {} req/s); most sends in any {} ms window: {}, "
                        + "most arrivals at the simulator: {}; longest budget wait {} ms",
                CALLS, Math.round(elapsedMs), Math.round(CALLS / elapsedMs * 1000), LIMIT, WINDOW_MS, Math.round(LIMIT / WINDOW_MS * 1000),
                WINDOW_MS, maxSent, maxArrived, Math.round(budgetWait.max(TimeUnit.MILLISECONDS)));

        // the budget's log of send times: no window of 200 ms, wherever it starts, holds more than 100; i.e. any 101
        // consecutive sends span at least the window (exact, in nanoseconds)
        long windowNanos = ResilienceContextTest.BUDGET_WINDOW_MS * 1_000_000;
        for (int i = LIMIT; i < sent.size(); i++) {
            assertThat(sent.get(i) - sent.get(i - LIMIT)).as("sends %d and %d apart, ns", i - LIMIT, i).isGreaterThanOrEqualTo(windowNanos);
        }
        assertThat(maxSent).as("the budget was used to the full").isEqualTo(LIMIT);
        assertThat(budgetWait.max(TimeUnit.MILLISECONDS)).as("callers were held back").isGreaterThanOrEqualTo(WINDOW_MS / 2);
        assertThat(elapsedMs).isGreaterThanOrEqualTo((CALLS / LIMIT - 1) * WINDOW_MS);
        // At the simulator the requests come a little later than the budget let them go (connection pool, sockets,
        // Tomcat threads, a CPU shared by client and server), by a varying few ms; on a busy machine a window there can
        // hold somewhat more than the limit. Logged above (maxArrived), not asserted: see docs/decisions.md D9.
    }

    /** The most arrivals inside any half-open window [t, t + window) of the sorted arrival times. */
    static int maxInAnyWindow(List<Double> sorted, double window) {
        int max = 0;
        int first = 0;
        for (int last = 0; last < sorted.size(); last++) {
            while (sorted.get(last) - sorted.get(first) >= window) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }
}

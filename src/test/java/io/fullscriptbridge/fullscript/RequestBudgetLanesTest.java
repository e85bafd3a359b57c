package io.fullscriptbridge.fullscript;

import static io.fullscriptbridge.support.RollingWindows.maxInAnyWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The budget's lanes (D83) and the tenants' turns (D84). Who goes next is decided by a fake clock that the test
 * moves one window at a time, so exactly one slot frees up per step and the order of the sends is the budget's
 * decision alone: no timing of real threads is asserted, only which caller the budget let through.
 */
class RequestBudgetLanesTest {

    private static final long MS = 1_000_000;
    /** The fake window; the head of the queue re-checks every WINDOW of real time until the fake clock moves. */
    private static final long WINDOW = 20 * MS;

    private final AtomicLong clock = new AtomicLong();
    /** Who sent, in order: the name of the thread the listener was called on (under the budget's lock). */
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final List<Thread> callers = new ArrayList<>();

    @AfterEach
    void stopCallers() throws InterruptedException {
        for (Thread caller : callers) {
            caller.interrupt();
            caller.join(2000);
        }
    }

    /** A budget of one send per window whose window is full now (nothing recorded in {@code sent}). */
    private RequestBudget fullBudgetOfOne() {
        RequestBudget budget = budget(1, 0);
        budget.tryLog(FullscriptLane.BULK);
        sent.clear();
        return budget;
    }

    private RequestBudget budget(int limit, int reserve) {
        return new RequestBudget(limit, reserve, Duration.ofNanos(WINDOW), clock::get, t -> sent.add(Thread.currentThread().getName()));
    }

    /** Starts a caller named {@code name} and waits until the budget counts it as waiting (so arrival order is known). */
    private void arrive(RequestBudget budget, String name, FullscriptLane lane, String tenant) {
        int before = budget.waitingCallers();
        Thread caller = new Thread(() -> {
            try {
                budget.acquire(lane, tenant);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        callers.add(caller);
        caller.start();
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> budget.waitingCallers() == before + 1);
    }

    /** Moves the fake clock one window on: one slot frees up (limit 1); waits until someone took it. */
    private void nextWindow(RequestBudget budget) {
        int before = sent.size();
        clock.addAndGet(WINDOW);
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> sent.size() == before + 1);
    }

    @Test
    void anInteractiveCallerArrivingAfterABacklogOfBulkCallersIsServedBeforeThem() {
        RequestBudget budget = fullBudgetOfOne();
        arrive(budget, "bulk-1", FullscriptLane.BULK, "demo");
        arrive(budget, "bulk-2", FullscriptLane.BULK, "demo");
        arrive(budget, "bulk-3", FullscriptLane.BULK, "demo");
        arrive(budget, "interactive-1", FullscriptLane.INTERACTIVE, "acme");
        arrive(budget, "interactive-2", FullscriptLane.INTERACTIVE, "demo");

        for (int i = 0; i < 5; i++) {
            nextWindow(budget);
        }

        assertThat(sent).containsExactly("interactive-1", "interactive-2", "bulk-1", "bulk-2", "bulk-3");
        assertThat(budget.waitingCallers()).isZero();
    }

    @Test
    void waitingBulkCallersTakeTurnsByTenantSoABacklogDoesNotHoldBackAnotherTenant() {
        RequestBudget budget = fullBudgetOfOne();
        arrive(budget, "demo-1", FullscriptLane.BULK, "demo");
        arrive(budget, "demo-2", FullscriptLane.BULK, "demo");
        arrive(budget, "demo-3", FullscriptLane.BULK, "demo");
        arrive(budget, "demo-4", FullscriptLane.BULK, "demo");
        arrive(budget, "acme-1", FullscriptLane.BULK, "acme");
        arrive(budget, "acme-2", FullscriptLane.BULK, "acme");

        for (int i = 0; i < 6; i++) {
            nextWindow(budget);
        }

        // each tenant's own callers in arrival order; the tenants alternate while both wait
        assertThat(sent).containsExactly("demo-1", "acme-1", "demo-2", "acme-2", "demo-3", "demo-4");
    }

    @Test
    void aBulkCallerLeavesTheReserveToInteractiveCalls() {
        RequestBudget budget = budget(10, 2);
        for (int i = 0; i < 8; i++) {
            assertThat(budget.tryLog(FullscriptLane.BULK)).as("bulk send %d", i).isZero();
        }
        assertThat(budget.tryLog(FullscriptLane.BULK)).as("bulk calls stop at limit - reserve").isEqualTo(WINDOW);
        assertThat(budget.tryLog(FullscriptLane.INTERACTIVE)).isZero();
        assertThat(budget.tryLog(FullscriptLane.INTERACTIVE)).isZero();
        assertThat(budget.tryLog(FullscriptLane.INTERACTIVE)).as("interactive calls too stop at the limit").isEqualTo(WINDOW);
        assertThat(budget.used()).isEqualTo(10);

        clock.set(WINDOW);
        assertThat(budget.used()).isZero();
        assertThat(budget.tryLog(FullscriptLane.BULK)).as("a new window").isZero();
    }

    @Test
    void anInteractiveCallerUsesTheReserveAtOnceWhileBulkCallersWaitForTheWindow() throws Exception {
        RequestBudget budget = budget(3, 1);
        budget.acquire(FullscriptLane.BULK, "demo");
        budget.acquire(FullscriptLane.BULK, "demo");
        arrive(budget, "bulk-waiting", FullscriptLane.BULK, "demo");
        sent.clear();

        // no fake time passes: the only room is the reserve, and it is the interactive caller's without waiting
        Thread interactive = new Thread(() -> {
            try {
                budget.acquire(FullscriptLane.INTERACTIVE, "acme");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "interactive");
        interactive.start();
        interactive.join(10_000);

        assertThat(interactive.isAlive()).as("the interactive caller got through without the clock moving").isFalse();
        assertThat(sent).containsExactly("interactive");
        assertThat(budget.waitingCallers()).as("the bulk caller still waits for the window").isEqualTo(1);
    }

    @Test
    void withBothLanesAndAnyMixOfCallersNoRollingWindowHoldsMoreThanTheLimitNorBulkMoreThanItsShare() {
        // one caller at a time at the head, each waiting exactly as long as the budget says (the arithmetic of
        // RequestBudgetTest's random pattern, with a lane drawn per caller)
        Random random = new Random(7);
        int limit = 50;
        int reserve = 5;
        long window = 1000 * MS;
        List<Long> all = new ArrayList<>();
        List<Long> bulkOnly = new ArrayList<>();
        RequestBudget budget = new RequestBudget(limit, reserve, Duration.ofNanos(window), clock::get, null);
        long now = 0;
        for (int i = 0; i < 20_000; i++) {
            int mode = random.nextInt(10);
            now += mode == 0 ? random.nextInt(3000) * MS : mode < 4 ? 0 : random.nextInt(40) * MS;
            FullscriptLane lane = random.nextInt(5) == 0 ? FullscriptLane.INTERACTIVE : FullscriptLane.BULK;
            long wait;
            while (true) {
                clock.set(now);
                wait = budget.tryLog(lane);
                if (wait == 0) {
                    break;
                }
                now += wait;
            }
            all.add(now);
            if (lane == FullscriptLane.BULK) {
                bulkOnly.add(now);
            }
        }
        assertThat(maxInAnyWindow(all, window)).isLessThanOrEqualTo(limit);
        // bulk sends alone fill at most limit - reserve of any window (their cap counts every send)
        assertThat(maxInAnyWindow(bulkOnly, window)).isLessThanOrEqualTo(limit - reserve);
    }

    @Test
    void bulkSendsAreSpreadOverTheWindowInteractiveOnesAreNot() {
        // 10 per window, spread over fifths: at most ceil(10 / 5) = 2 bulk sends in any fifth
        RequestBudget budget = new RequestBudget(10, 0, 5, Duration.ofNanos(1000 * MS), clock::get, null);
        assertThat(budget.tryLog(FullscriptLane.BULK)).isZero();
        assertThat(budget.tryLog(FullscriptLane.BULK)).isZero();
        assertThat(budget.tryLog(FullscriptLane.BULK)).as("the third in a fifth waits for the first to leave the fifth").isEqualTo(200 * MS);
        for (int i = 0; i < 8; i++) {
            assertThat(budget.tryLog(FullscriptLane.INTERACTIVE)).as("interactive send %d", i).isZero();
        }
        clock.set(200 * MS);
        assertThat(budget.tryLog(FullscriptLane.BULK)).as("the window is full").isEqualTo(800 * MS);
    }

    /**
     * The p99 goal's arithmetic: a bulk backlog keeps the budget saturated (its head sends whenever allowed) while
     * interactive callers arrive at random, with no reserve, so they always wait for a send to leave the window.
     * Spread over tenths, the backlog's sends leave the window evenly and no interactive caller waits longer than a
     * tenth of the window; not spread, the backlog sends its whole share at the start of each window and a caller
     * arriving after that waits for the next window.
     */
    @Test
    void aSaturatingBacklogSpreadOverTheWindowKeepsInteractiveWaitsUnderATenthOfIt() {
        long window = 3000 * MS;
        assertThat(maxInteractiveWait(10, window)).as("spread over tenths").isLessThanOrEqualTo(window / 10);
        assertThat(maxInteractiveWait(1, window)).as("not spread").isGreaterThan(window / 2);
    }

    /** One head at a time, as in the budget: a waiting interactive caller is the head, else the backlog's next call. */
    private long maxInteractiveWait(int spread, long window) {
        Random random = new Random(11);
        RequestBudget budget = new RequestBudget(50, 0, spread, Duration.ofNanos(window), clock::get, null);
        List<Long> arrivals = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 200; i++) {
            t += random.nextInt(2000) * MS; // about one a second, for about 200 s
            arrivals.add(t);
        }
        long now = 0;
        long maxWait = 0;
        int next = 0;
        while (next < arrivals.size()) {
            clock.set(now);
            if (arrivals.get(next) <= now) {
                long wait = budget.tryLog(FullscriptLane.INTERACTIVE);
                if (wait == 0) {
                    maxWait = Math.max(maxWait, now - arrivals.get(next));
                    next++;
                } else {
                    now += wait;
                }
            } else {
                long wait = budget.tryLog(FullscriptLane.BULK);
                if (wait > 0) {
                    now = Math.min(now + wait, arrivals.get(next));
                }
            }
        }
        return maxWait;
    }

    @Test
    void refusesAReserveThatLeavesNothingForBulkCalls() {
        assertThatThrownBy(() -> new RequestBudget(10, 10, Duration.ofSeconds(1), clock::get, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestBudget(10, -1, Duration.ofSeconds(1), clock::get, null)).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.fullscriptbridge.fullscript;

import static io.fullscriptbridge.support.RollingWindows.maxInAnyWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The sliding-log request budget on its own: a fake clock for the arithmetic, real threads for the waiting. */
class RequestBudgetTest {

    private static final long MS = 1_000_000;

    /** The fake System.nanoTime of the budgets built with {@code clock::get}. */
    private final AtomicLong clock = new AtomicLong();

    /** The head of the queue asks for room at {@code now}: 0 = sent, else how long until there may be room. */
    private long tryLogAt(RequestBudget budget, long now) {
        clock.set(now);
        return budget.tryLog();
    }

    @Test
    void aBurstAtTheEndOfAWindowIsNotFollowedByAnotherAtTheStartOfTheNext() {
        // the case fixed-window limiters (Resilience4j's RateLimiter, cycle-based throttles) get wrong: 3 sends at
        // t=900 and 3 more at t=1000 would be 6 inside the rolling window [900, 1900)
        RequestBudget budget = new RequestBudget(3, Duration.ofMillis(1000), clock::get, null);
        for (int i = 0; i < 3; i++) {
            assertThat(tryLogAt(budget, 900 * MS)).isZero();
        }
        assertThat(tryLogAt(budget, 1000 * MS)).as("wait until the first send leaves the window").isEqualTo(900 * MS);
        assertThat(tryLogAt(budget, 1899 * MS)).isEqualTo(1 * MS);
        assertThat(tryLogAt(budget, 1900 * MS)).isZero();
        assertThat(tryLogAt(budget, 1900 * MS)).isZero();
        assertThat(tryLogAt(budget, 1900 * MS)).isZero();
        assertThat(tryLogAt(budget, 1900 * MS)).as("the three at 1900 fill the next window").isEqualTo(1000 * MS);
        assertThat(tryLogAt(budget, 5000 * MS)).as("an idle budget sends at once").isZero();
    }

    @Test
    void underAnyArrivalPatternNoRollingWindowHoldsMoreThanTheLimitAndNoCallerWaitsLongerThanNeeded() {
        // callers one after another (first come, first served), each waiting exactly as long as the budget says
        Random random = new Random(42);
        int limit = 50;
        long window = 1000 * MS;
        List<Long> logged = new ArrayList<>();
        RequestBudget budget = new RequestBudget(limit, Duration.ofNanos(window), clock::get, logged::add);
        int n = 20_000;
        long[] arrival = new long[n];
        long[] send = new long[n];
        long now = 0;
        for (int i = 0; i < n; i++) {
            // quiet spells, steady traffic and bursts of simultaneous callers
            int mode = random.nextInt(10);
            long step = mode == 0 ? random.nextInt(3000) * MS : mode < 4 ? 0 : random.nextInt(40) * MS;
            arrival[i] = arrival[Math.max(0, i - 1)] + step;
            now = Math.max(now, arrival[i]);
            long wait;
            while ((wait = tryLogAt(budget, now)) > 0) {
                now += wait;
            }
            send[i] = now;
        }
        for (int i = 0; i < n; i++) {
            long earliest = Math.max(arrival[i], i == 0 ? 0 : send[i - 1]);
            if (i >= limit) {
                assertThat(send[i] - send[i - limit]).as("send %d and the one %d before it", i, limit).isGreaterThanOrEqualTo(window);
                earliest = Math.max(earliest, send[i - limit] + window);
            }
            assertThat(send[i]).as("work-conserving: send %d at the earliest time the rule allows", i).isEqualTo(earliest);
        }
        assertThat(maxInAnyWindow(send, window)).isEqualTo(limit);
        assertThat(logged).as("the listener saw every send").hasSize(n);
    }

    @Test
    void usedCountsTheSendsOfTheCurrentWindow() {
        AtomicLong now = clock;
        RequestBudget budget = new RequestBudget(5, Duration.ofMillis(100), now::get, null);
        tryLogAt(budget, 0);
        tryLogAt(budget, 50 * MS);
        tryLogAt(budget, 50 * MS);
        now.set(50 * MS);
        assertThat(budget.used()).isEqualTo(3);
        now.set(120 * MS);
        assertThat(budget.used()).isEqualTo(2);
        now.set(500 * MS);
        assertThat(budget.used()).isZero();
    }

    @Test
    void aWaitingCallerIsReleasedWhenTheWindowFreesUp() throws Exception {
        RequestBudget budget = new RequestBudget(5, Duration.ofMillis(400));
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            budget.acquire();
        }
        assertThat(budget.used()).isEqualTo(5);
        CompletableFuture<Long> sixth = CompletableFuture.supplyAsync(() -> {
            try {
                budget.acquire();
                return System.nanoTime();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waitingCallers() == 1 || sixth.isDone());

        // the first send was at or after start: the sixth can go no sooner than one window later
        long releasedMs = (sixth.get(5, TimeUnit.SECONDS) - start) / MS;
        assertThat(releasedMs).as("released once the first send left the window").isGreaterThanOrEqualTo(400L);
        assertThat(budget.waitingCallers()).isZero();
    }

    @Test
    void underContentionCallersAreServedOneWindowAfterAnotherAndNobodyStarves() throws Exception {
        int limit = 10;
        long windowMs = 300;
        int callers = 40;
        RequestBudget budget = new RequestBudget(limit, Duration.ofMillis(windowMs));
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Long>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    budget.acquire();
                    return System.nanoTime();
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            long[] releasedMs = new long[callers];
            for (int i = 0; i < callers; i++) {
                releasedMs[i] = (results.get(i).get(5, TimeUnit.SECONDS) - start) / MS;
            }
            Arrays.sort(releasedMs);
            // 40 callers at once, 10 per window: the k-th release comes no sooner than floor(k / 10) windows after the
            // start (every send is at or after it); everybody got through (no starvation: the get above did not time out)
            for (int k = 0; k < callers; k++) {
                assertThat(releasedMs[k]).as("release %d", k).isGreaterThanOrEqualTo((k / limit) * windowMs);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void waitingCallersAreLetThroughInOrderOfArrival() throws Exception {
        // a window long enough that the callers before still wait while the next one arrives (checked below)
        RequestBudget budget = new RequestBudget(1, Duration.ofMillis(500));
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int caller = i;
            Thread thread = new Thread(() -> {
                try {
                    budget.acquire();
                    order.add(caller);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(thread);
            thread.start();
            // caller i has arrived (it waits, or is through) before caller i + 1 starts
            await().atMost(Duration.ofSeconds(5)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                    .until(() -> budget.waitingCallers() + order.size() == caller + 1);
        }
        for (Thread thread : threads) {
            thread.join(3000);
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void anInterruptedCallerStopsWaitingWithoutUsingTheBudget() throws Exception {
        List<Long> sends = new java.util.concurrent.CopyOnWriteArrayList<>();
        RequestBudget budget = new RequestBudget(1, Duration.ofMillis(500), sends::add);
        budget.acquire();
        AtomicLong outcome = new AtomicLong();
        Thread waiter = new Thread(() -> {
            try {
                budget.acquire();
                outcome.set(-1);
            } catch (InterruptedException expected) {
                outcome.set(1);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> budget.waitingCallers() == 1);
        waiter.interrupt();
        waiter.join(2000);
        assertThat(outcome.get()).as("interrupted, not let through").isEqualTo(1);
        assertThat(budget.waitingCallers()).isZero();
        assertThat(sends).hasSize(1);
        assertThat(budget.used()).as("the interrupted caller used no slot").isEqualTo(1);

        budget.acquire();
        assertThat(sends).hasSize(2);
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new RequestBudget(0, Duration.ofMinutes(5))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestBudget(10, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

}

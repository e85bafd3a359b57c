package io.fullscriptbridge.fullscript;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * At most {@code limit} sends in any rolling window of length {@code window}: a sliding log of the last
 * {@code limit} send times. A caller over the budget waits (it never fails) until the window has room.
 *
 * <p>A caller may go when fewer than {@code limit} sends happened in the last {@code window}, i.e. when the send
 * {@code limit} places back is at least a window ago; its send time is taken and logged at that moment, under the
 * lock, so a caller that wakes up late only logs a later time: the log never holds more than {@code limit} sends
 * in any window. Waiting callers queue first come, first served (a caller finding others waiting never jumps
 * ahead): only the head of the queue waits for the window (timed, until the oldest send leaves it); the others
 * wait for their turn, and each one that goes hands the turn to the next. No polling, one wake-up per send. The lock
 * is not fair on purpose: the queue gives the order, and a fair lock only adds hand-offs under load.
 *
 * <p>Why not Resilience4j's RateLimiter or Camel's throttle: those refresh permits in fixed cycles, so a burst at
 * the end of one cycle and another at the start of the next put almost twice the limit into one rolling window,
 * and Fullscript counts "5000 requests in a rolling 5m period" (docs/decisions.md D9).
 *
 * <p>Thread-safe. One instance per process: with several bridge nodes each needs its share of Fullscript's budget.
 */
public class RequestBudget {

    /** Told of every send time as it is logged, under the budget's lock: must be quick. For tests and diagnostics. */
    @FunctionalInterface
    public interface SendListener {
        void sent(long nanoTime);
    }

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final SendListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    /** Callers waiting, in order of arrival; guarded by {@link #lock}. */
    private final ArrayDeque<Condition> queue = new ArrayDeque<>();

    /** The last {@code limit} send times (System.nanoTime scale), a ring; guarded by {@link #lock}. */
    private final long[] sendTimes;
    /** Index of the oldest entry, which the next send replaces. */
    private int oldest;
    /** Sends logged so far, capped at {@code limit}. */
    private int filled;

    public RequestBudget(int limit, Duration window) {
        this(limit, window, System::nanoTime, null);
    }

    public RequestBudget(int limit, Duration window, SendListener listener) {
        this(limit, window, System::nanoTime, listener);
    }

    RequestBudget(int limit, Duration window, LongSupplier nanoClock, SendListener listener) {
        if (limit < 1) {
            throw new IllegalArgumentException("bridge.fullscript.rate-budget.requests must be at least 1");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("bridge.fullscript.rate-budget.window must be positive");
        }
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.sendTimes = new long[limit];
    }

    /**
     * Blocks until this caller may send one request, and logs the send.
     *
     * @return how long the caller waited
     * @throws InterruptedException when interrupted while waiting (nothing is logged)
     */
    public Duration acquire() throws InterruptedException {
        long start = nanoClock.getAsLong();
        lock.lockInterruptibly();
        try {
            if (queue.isEmpty() && tryLog(nanoClock.getAsLong()) == 0) {
                return Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - start));
            }
            Condition turn = lock.newCondition();
            queue.addLast(turn);
            try {
                while (true) {
                    if (queue.peekFirst() != turn) {
                        turn.await();
                        continue;
                    }
                    long wait = tryLog(nanoClock.getAsLong());
                    if (wait == 0) {
                        break;
                    }
                    turn.awaitNanos(wait);
                }
            } finally {
                boolean head = queue.peekFirst() == turn;
                queue.remove(turn);
                if (head && !queue.isEmpty()) {
                    queue.peekFirst().signal();
                }
            }
            return Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - start));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Logs a send at {@code now} when the window has room and returns 0; otherwise logs nothing and returns how
     * long until it has room. Ignores the queue: callers hold the lock and are the head (or the queue is empty).
     */
    long tryLog(long now) {
        if (filled == limit) {
            long wait = sendTimes[oldest] + windowNanos - now;
            if (wait > 0) {
                return wait;
            }
        } else {
            filled++;
        }
        sendTimes[oldest] = now;
        oldest = (oldest + 1) % limit;
        if (listener != null) {
            listener.sent(now);
        }
        return 0;
    }

    /** Callers waiting for room or for their turn. */
    public int waitingCallers() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Sends logged in the rolling window that ends now. */
    public int used() {
        lock.lock();
        try {
            long since = nanoClock.getAsLong() - windowNanos;
            int count = 0;
            for (int i = 0; i < filled; i++) {
                if (sendTimes[i] > since) {
                    count++;
                }
            }
            return count;
        } finally {
            lock.unlock();
        }
    }

    public int limit() {
        return limit;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }
}

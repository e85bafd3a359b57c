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
 * <p>Where the sends are logged is a {@link Window}: this process's memory ({@link LocalWindow}, the default), or the
 * database shared by every node of a cluster ({@link SharedBudgetWindow}), so that N nodes together never exceed
 * Fullscript's budget and an idle node's share is not wasted. The queue stays per process.
 *
 * <p>Thread-safe.
 */
public class RequestBudget {

    /** The rolling window of sends: asked only by the head of the queue, under the budget's lock. */
    public interface Window {
        /** Logs a send now when the window has room and returns 0; otherwise logs nothing and returns the nanoseconds until it may have room. */
        long tryLog();

        /** Sends logged in the rolling window that ends now (as last seen: a gauge must not query a database). */
        int used();
    }

    /** Told of every send time as it is logged, under the budget's lock: must be quick. For tests and diagnostics. */
    @FunctionalInterface
    public interface SendListener {
        void sent(long nanoTime);
    }

    private final int limit;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final SendListener listener;
    private final Window sends;
    private final ReentrantLock lock = new ReentrantLock();
    /** Callers waiting, in order of arrival; guarded by {@link #lock}. */
    private final ArrayDeque<Condition> queue = new ArrayDeque<>();

    public RequestBudget(int limit, Duration window) {
        this(limit, window, System::nanoTime, null);
    }

    public RequestBudget(int limit, Duration window, SendListener listener) {
        this(limit, window, System::nanoTime, listener);
    }

    RequestBudget(int limit, Duration window, LongSupplier nanoClock, SendListener listener) {
        this(limit, window, nanoClock, listener, new LocalWindow(checkedLimit(limit), checkedWindow(window), nanoClock));
    }

    /** A budget whose sends are logged in {@code sends} (e.g. the cluster's {@link SharedBudgetWindow}). */
    public RequestBudget(int limit, Duration window, SendListener listener, Window sends) {
        this(limit, window, System::nanoTime, listener, sends);
    }

    private RequestBudget(int limit, Duration window, LongSupplier nanoClock, SendListener listener, Window sends) {
        this.limit = checkedLimit(limit);
        this.windowNanos = checkedWindow(window).toNanos();
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.sends = sends;
    }

    private static int checkedLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("bridge.fullscript.rate-budget.requests must be at least 1");
        }
        return limit;
    }

    private static Duration checkedWindow(Duration window) {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("bridge.fullscript.rate-budget.window must be positive");
        }
        return window;
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
            if (queue.isEmpty() && tryLog() == 0) {
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
                    long wait = tryLog();
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

    /** Asks the window for room; tells the listener of a logged send. Callers hold the lock and are the head. */
    long tryLog() {
        long wait = sends.tryLog();
        if (wait == 0 && listener != null) {
            listener.sent(nanoClock.getAsLong());
        }
        return wait;
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
            return sends.used();
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

    /**
     * This process's own log: the last {@code limit} send times (System.nanoTime scale) in a ring. A send is logged
     * when the one {@code limit} places back is at least a window old.
     */
    static final class LocalWindow implements Window {
        private final int limit;
        private final long windowNanos;
        private final LongSupplier nanoClock;
        private final long[] sendTimes;
        /** Index of the oldest entry, which the next send replaces. */
        private int oldest;
        /** Sends logged so far, capped at {@code limit}. */
        private int filled;

        LocalWindow(int limit, Duration window, LongSupplier nanoClock) {
            this.limit = limit;
            this.windowNanos = window.toNanos();
            this.nanoClock = nanoClock;
            this.sendTimes = new long[limit];
        }

        @Override
        public long tryLog() {
            long now = nanoClock.getAsLong();
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
            return 0;
        }

        @Override
        public int used() {
            long since = nanoClock.getAsLong() - windowNanos;
            int count = 0;
            for (int i = 0; i < filled; i++) {
                if (sendTimes[i] > since) {
                    count++;
                }
            }
            return count;
        }
    }
}

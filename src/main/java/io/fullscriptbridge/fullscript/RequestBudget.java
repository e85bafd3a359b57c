package io.fullscriptbridge.fullscript;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
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
 * in any window. Only the head of the waiting callers waits for the window (timed, until the send that must leave
 * it has left); the others wait for their turn, and each one that goes hands the turn to the next. No polling, one
 * wake-up per send. The lock is not fair on purpose: the queues give the order, and a fair lock only adds hand-offs
 * under load.
 *
 * <p>Who is next (D83, D84): callers come in two lanes ({@link FullscriptLane}). A waiting interactive caller (a
 * person waits on an HTTP answer) goes before any waiting bulk caller, interactive callers first come, first served.
 * Bulk callers wait in one queue per tenant and the tenants take turns: after a tenant's caller sent, the next
 * tenant with a waiting caller is at the head, so one tenant's backlog of calls cannot hold back another's by more
 * than one call per tenant. A caller finding no one of its lane (interactive) or no one at all (bulk) waiting tries
 * at once. The last {@code reserve} sends of every window are for interactive callers only: a bulk caller goes only
 * while fewer than {@code limit - reserve} sends are in the window, so a backlog that filled the window in its first
 * seconds still leaves room for a person's call. And bulk sends are spread over the window ({@code spread}): at most
 * {@code ceil((limit - reserve) / spread)} sends in any {@code window / spread}, so a backlog does not send its whole
 * share in the first seconds of a window and leave nothing to free up for the rest of it: sends leave the window as
 * evenly as they entered, and an interactive caller beyond the reserve waits about {@code window / spread} at most.
 *
 * <p>Why not Resilience4j's RateLimiter or Camel's throttle: those refresh permits in fixed cycles, so a burst at
 * the end of one cycle and another at the start of the next put almost twice the limit into one rolling window,
 * and Fullscript counts "5000 requests in a rolling 5m period" (docs/decisions.md D9).
 *
 * <p>Where the sends are logged is a {@link Window}: this process's memory ({@link LocalWindow}, the default), or the
 * database shared by every node of a cluster ({@link SharedBudgetWindow}), so that N nodes together never exceed
 * Fullscript's budget and an idle node's share is not wasted. The queues stay per process.
 *
 * <p>Thread-safe.
 */
public class RequestBudget {

    /** The rolling window of sends: asked only by the head of the queue, under the budget's lock. */
    public interface Window {
        /**
         * Logs a send now when fewer than {@code cap} sends are in the window and fewer than {@code spreadCap} in the
         * last {@code spreadNanos} (both caps at most the budget's limit, the span at most the window), and returns
         * 0; otherwise logs nothing and returns the nanoseconds until it may have room.
         */
        long tryLog(int cap, int spreadCap, long spreadNanos);

        /** Sends logged in the rolling window that ends now (as last seen: a gauge must not query a database). */
        int used();
    }

    /** Told of every send time as it is logged, under the budget's lock: must be quick. For tests and diagnostics. */
    @FunctionalInterface
    public interface SendListener {
        void sent(long nanoTime);
    }

    private final int limit;
    /** Sends of every window only interactive callers may use. */
    private final int reserve;
    /** Bulk sends at most {@link #spreadCap} in any {@link #spreadNanos}; 1 = no spreading. */
    private final int spread;
    private final int spreadCap;
    private final long spreadNanos;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final SendListener listener;
    private final Window sends;
    private final ReentrantLock lock = new ReentrantLock();
    /** Interactive callers waiting, in order of arrival; guarded by {@link #lock}. */
    private final ArrayDeque<Waiter> interactive = new ArrayDeque<>();
    /** Bulk callers waiting, one queue per tenant, the tenants in turn order (first = next); guarded by {@link #lock}. */
    private final LinkedHashMap<String, ArrayDeque<Waiter>> bulk = new LinkedHashMap<>();
    /** All waiting callers; guarded by {@link #lock}. */
    private int waiting;

    private record Waiter(Condition turn, FullscriptLane lane, String tenant) {
    }

    public RequestBudget(int limit, Duration window) {
        this(limit, window, System::nanoTime, null);
    }

    public RequestBudget(int limit, Duration window, SendListener listener) {
        this(limit, window, System::nanoTime, listener);
    }

    RequestBudget(int limit, Duration window, LongSupplier nanoClock, SendListener listener) {
        this(limit, 0, window, nanoClock, listener);
    }

    RequestBudget(int limit, int reserve, Duration window, LongSupplier nanoClock, SendListener listener) {
        this(limit, reserve, 1, window, nanoClock, listener);
    }

    RequestBudget(int limit, int reserve, int spread, Duration window, LongSupplier nanoClock, SendListener listener) {
        this(limit, reserve, spread, window, nanoClock, listener, new LocalWindow(checkedLimit(limit), checkedWindow(window), nanoClock));
    }

    /** A budget whose sends are logged in {@code sends} (e.g. the cluster's {@link SharedBudgetWindow}). */
    public RequestBudget(int limit, Duration window, SendListener listener, Window sends) {
        this(limit, 0, 1, window, System::nanoTime, listener, sends);
    }

    /**
     * @param reserve sends of every window only interactive callers may use (0 to {@code limit - 1})
     * @param spread  bulk sends at most {@code ceil((limit - reserve) / spread)} in any {@code window / spread}; 1 = not spread
     * @param sends   where sends are logged: a {@link LocalWindow} of the same limit and window, or the cluster's {@link SharedBudgetWindow}
     */
    public RequestBudget(int limit, int reserve, int spread, Duration window, SendListener listener, Window sends) {
        this(limit, reserve, spread, window, System::nanoTime, listener, sends);
    }

    /** This process's own window. */
    public static RequestBudget local(int limit, int reserve, int spread, Duration window, SendListener listener) {
        return new RequestBudget(limit, reserve, spread, window, System::nanoTime, listener);
    }

    private RequestBudget(int limit, int reserve, int spread, Duration window, LongSupplier nanoClock, SendListener listener, Window sends) {
        this.limit = checkedLimit(limit);
        if (reserve < 0 || reserve >= limit) {
            throw new IllegalArgumentException("bridge.fullscript.rate-budget.interactive-reserve-percent must leave bulk calls at least one request per window");
        }
        this.reserve = reserve;
        this.windowNanos = checkedWindow(window).toNanos();
        if (spread < 1) {
            throw new IllegalArgumentException("bridge.fullscript.rate-budget.bulk-spread must be at least 1");
        }
        this.spread = spread;
        this.spreadCap = (limit - reserve + spread - 1) / spread;
        this.spreadNanos = Math.max(1, windowNanos / spread);
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

    /** {@link #acquire(FullscriptLane, String)} for a bulk caller of no particular tenant. */
    public Duration acquire() throws InterruptedException {
        return acquire(FullscriptLane.BULK, "");
    }

    /**
     * Blocks until this caller may send one request, and logs the send.
     *
     * @param lane   interactive callers go before bulk ones
     * @param tenant the tenant the call is made for (bulk callers take turns by tenant); null or "" for none
     * @return how long the caller waited
     * @throws InterruptedException when interrupted while waiting (nothing is logged)
     */
    public Duration acquire(FullscriptLane lane, String tenant) throws InterruptedException {
        long start = nanoClock.getAsLong();
        lock.lockInterruptibly();
        try {
            boolean noneAhead = lane == FullscriptLane.INTERACTIVE ? interactive.isEmpty() : waiting == 0;
            if (noneAhead && tryLog(lane) == 0) {
                return Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - start));
            }
            Waiter me = new Waiter(lock.newCondition(), lane, tenant == null ? "" : tenant);
            enqueue(me);
            boolean sent = false;
            try {
                while (true) {
                    if (head() != me) {
                        me.turn().await();
                        continue;
                    }
                    long wait = tryLog(lane);
                    if (wait == 0) {
                        sent = true;
                        break;
                    }
                    me.turn().awaitNanos(wait);
                }
            } finally {
                boolean wasHead = head() == me;
                dequeue(me, sent);
                Waiter next = head();
                if (wasHead && next != null) {
                    next.turn().signal();
                }
            }
            return Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - start));
        } finally {
            lock.unlock();
        }
    }

    /** The caller whose turn it is: the first interactive one, else the first of the tenant whose turn it is. */
    private Waiter head() {
        if (!interactive.isEmpty()) {
            return interactive.peekFirst();
        }
        return bulk.isEmpty() ? null : bulk.values().iterator().next().peekFirst();
    }

    private void enqueue(Waiter waiter) {
        if (waiter.lane() == FullscriptLane.INTERACTIVE) {
            interactive.addLast(waiter);
        } else {
            bulk.computeIfAbsent(waiter.tenant(), t -> new ArrayDeque<>()).addLast(waiter);
        }
        waiting++;
    }

    /** Removes the waiter; a tenant whose caller sent goes to the end of the turn order (round robin). */
    private void dequeue(Waiter waiter, boolean sent) {
        waiting--;
        if (waiter.lane() == FullscriptLane.INTERACTIVE) {
            interactive.remove(waiter);
            return;
        }
        ArrayDeque<Waiter> own = bulk.get(waiter.tenant());
        own.remove(waiter);
        if (own.isEmpty()) {
            bulk.remove(waiter.tenant());
        } else if (sent) {
            bulk.remove(waiter.tenant());
            bulk.put(waiter.tenant(), own);
        }
    }

    /** {@link #tryLog(FullscriptLane)} for a bulk caller. */
    long tryLog() {
        return tryLog(FullscriptLane.BULK);
    }

    /** Asks the window for room (bulk callers leave the reserve); tells the listener of a logged send. Callers hold the lock and are the head. */
    long tryLog(FullscriptLane lane) {
        long wait = lane == FullscriptLane.INTERACTIVE ? sends.tryLog(limit, limit, windowNanos)
                : sends.tryLog(limit - reserve, spreadCap, spreadNanos);
        if (wait == 0 && listener != null) {
            listener.sent(nanoClock.getAsLong());
        }
        return wait;
    }

    /** Callers waiting for room or for their turn. */
    public int waitingCallers() {
        lock.lock();
        try {
            return waiting;
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

    /** Sends of every window only interactive callers may use. */
    public int reserve() {
        return reserve;
    }

    /** Bulk sends are spread over this many parts of the window (1 = not spread). */
    public int spread() {
        return spread;
    }

    public Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /**
     * This process's own log: the last {@code limit} send times (System.nanoTime scale) in a ring, in the order they
     * were logged (times never decrease). A send under a cap is logged when the one {@code cap} places back is at
     * least a window old: then fewer than {@code cap} sends are in the window.
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
        public long tryLog(int cap, int spreadCap, long spreadNanos) {
            long now = nanoClock.getAsLong();
            long wait = Math.max(waitFor(cap, windowNanos, now), waitFor(spreadCap, spreadNanos, now));
            if (wait > 0) {
                return wait;
            }
            if (filled < limit) {
                filled++;
            }
            sendTimes[oldest] = now;
            oldest = (oldest + 1) % limit;
            return 0;
        }

        /** Until fewer than {@code cap} sends are in the last {@code span}: the send cap places back leaves it (cap = limit: the oldest). */
        private long waitFor(int cap, long span, long now) {
            if (filled < cap) {
                return 0;
            }
            return sendTimes[(oldest - cap + limit) % limit] + span - now;
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

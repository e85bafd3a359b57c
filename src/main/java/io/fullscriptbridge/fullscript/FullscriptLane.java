package io.fullscriptbridge.fullscript;

/**
 * Which lane of the request budget a Fullscript call waits in (docs/decisions.md D83).
 * <ul>
 *   <li>{@link #INTERACTIVE}: a person waits on an HTTP answer (the "Recommend with Fullscript" launch, a
 *   {@code refresh=true} read, the OAuth callback, an admin's review decision). Served before any waiting bulk call,
 *   and may use the budget's interactive reserve.</li>
 *   <li>{@link #BULK}: everything else (the broker's consumers, the event poller, replays), the default. Waiting bulk
 *   calls take turns tenant by tenant.</li>
 * </ul>
 * The calls of one flow are made deep in code both lanes share (PatientLinker, the matcher, token refresh), so the
 * lane is a scope the interactive caller opens around its work, {@code FullscriptLane.interactive(() -> …)};
 * {@link FullscriptApi#call} hands {@link #current()} to the route as the exchange property
 * {@link FullscriptCall#LANE}, which the budget step reads. A scope opened and closed on the caller's own thread:
 * the fullscript-api route runs on it (direct:), and nothing started inside it on another thread is interactive.
 */
public enum FullscriptLane {
    INTERACTIVE,
    BULK;

    private static final ThreadLocal<FullscriptLane> CURRENT = new ThreadLocal<>();

    /** Work that may throw what its caller throws. */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run() throws E;
    }

    /** Runs the work with every Fullscript call it makes in the interactive lane. */
    public static <T, E extends Exception> T interactive(Work<T, E> work) throws E {
        FullscriptLane before = CURRENT.get();
        CURRENT.set(INTERACTIVE);
        try {
            return work.run();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** The lane of a call made now on this thread: {@link #BULK} outside an {@link #interactive} scope. */
    public static FullscriptLane current() {
        FullscriptLane lane = CURRENT.get();
        return lane == null ? BULK : lane;
    }
}

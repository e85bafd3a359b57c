package io.fullscriptbridge.support;

import java.util.List;

/** Rate-budget checks: how many events fall inside the busiest window. */
public final class RollingWindows {

    private RollingWindows() {
    }

    /** The most of the sorted times (milliseconds) inside any half-open window [t, t + window). */
    public static int maxInAnyWindow(List<? extends Number> sortedTimes, long window) {
        int max = 0;
        int first = 0;
        for (int last = 0; last < sortedTimes.size(); last++) {
            while (sortedTimes.get(last).doubleValue() - sortedTimes.get(first).doubleValue() >= window) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }

    public static int maxInAnyWindow(long[] sortedTimes, long window) {
        return maxInAnyWindow(java.util.Arrays.stream(sortedTimes).boxed().toList(), window);
    }
}

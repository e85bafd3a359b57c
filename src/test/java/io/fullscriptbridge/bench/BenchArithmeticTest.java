package io.fullscriptbridge.bench;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's two pieces of arithmetic that a report's figures rest on (plain unit test, default suite). */
class BenchArithmeticTest {

    @Test
    void theBusiestWindowCountsArrivalsLessThanOneWindowApart() {
        // 0, 100, 999 fall in [0, 1000); 1000 starts a new window with 999 → at most 3 at once
        List<Double> arrivals = List.of(0.0, 100.0, 999.0, 1000.0, 1998.0, 5000.0);
        assertThat(SimulatorCounts.maxInAnyWindow(arrivals, 1000)).isEqualTo(3);
        assertThat(SimulatorCounts.maxInAnyWindow(arrivals, 1001)).isEqualTo(4);
        assertThat(SimulatorCounts.maxInAnyWindow(List.of(), 1000)).isZero();
    }

    @Test
    void percentilesAreNearestRank() {
        List<Double> hundred = new java.util.ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            hundred.add((double) i);
        }
        Stats stats = Stats.ofMillis(hundred);
        assertThat(stats.p50()).isEqualTo(50.0);
        assertThat(stats.p99()).isEqualTo(99.0);
        assertThat(stats.max()).isEqualTo(100.0);
        assertThat(Stats.ofMillis(List.of(7.0)).p99()).isEqualTo(7.0);
    }
}

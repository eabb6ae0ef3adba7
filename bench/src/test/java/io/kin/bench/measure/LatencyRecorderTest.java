package io.kin.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyRecorderTest {

    private static final long MILLI = 1_000_000;

    @Test
    void percentilesOfAnEvenSpreadAreWhereTheyShouldBe() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (long millis = 1; millis <= 1000; millis++) {
            recorder.record(millis * MILLI);
        }

        LatencySummary summary = recorder.summary();
        assertThat(summary.count()).isEqualTo(1000);
        // three significant digits: within 0.1 %
        assertThat(LatencySummary.millis(summary.p50Nanos())).isCloseTo(500, within(0.5));
        assertThat(LatencySummary.millis(summary.p95Nanos())).isCloseTo(950, within(1.0));
        assertThat(LatencySummary.millis(summary.p99Nanos())).isCloseTo(990, within(1.0));
        assertThat(LatencySummary.millis(summary.maxNanos())).isCloseTo(1000, within(1.0));
    }

    @Test
    void aSingleSlowMessageShowsInTheMaximumButNotTheMedian() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int i = 0; i < 999; i++) {
            recorder.record(2 * MILLI);
        }
        recorder.record(800 * MILLI);

        LatencySummary summary = recorder.summary();
        assertThat(LatencySummary.millis(summary.p50Nanos())).isCloseTo(2, within(0.01));
        assertThat(LatencySummary.millis(summary.p99Nanos())).isCloseTo(2, within(0.01));
        assertThat(LatencySummary.millis(summary.maxNanos())).isCloseTo(800, within(1.0));
    }

    @Test
    void nothingRecordedReportsZeros() {
        assertThat(new LatencyRecorder().summary()).isEqualTo(LatencySummary.EMPTY);
    }

    @Test
    void samplesFromManyThreadsAreAllCounted() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    recorder.record(MILLI);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(recorder.summary().count()).isEqualTo(40_000);
    }

    @Test
    void summariesAccumulateRatherThanReset() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.record(MILLI);
        recorder.summary();
        recorder.record(MILLI);

        assertThat(recorder.summary().count()).isEqualTo(2);
    }
}

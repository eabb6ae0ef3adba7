package io.kin.bench.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies from many threads at once (HdrHistogram's wait-free {@link Recorder}) and reports percentiles
 * with three significant digits, from 1 µs to one hour.
 */
public final class LatencyRecorder {

    private static final long LOWEST_NANOS = 1_000;
    private static final long HIGHEST_NANOS = 3_600_000_000_000L;

    private final Recorder recorder = new Recorder(LOWEST_NANOS, HIGHEST_NANOS, 3);
    private final Histogram total = new Histogram(LOWEST_NANOS, HIGHEST_NANOS, 3);

    public void record(long nanos) {
        recorder.recordValue(Math.max(LOWEST_NANOS, Math.min(HIGHEST_NANOS, nanos)));
    }

    /** Everything recorded so far; call once the writers are quiet, or accept a slightly stale view. */
    public synchronized LatencySummary summary() {
        total.add(recorder.getIntervalHistogram());
        if (total.getTotalCount() == 0) {
            return LatencySummary.EMPTY;
        }
        return new LatencySummary(total.getTotalCount(),
                total.getValueAtPercentile(50),
                total.getValueAtPercentile(95),
                total.getValueAtPercentile(99),
                total.getMaxValue());
    }
}

package io.kin.bench.measure;

/** End-to-end latency percentiles, in nanoseconds. */
public record LatencySummary(long count, long p50Nanos, long p95Nanos, long p99Nanos, long maxNanos) {

    public static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0);

    public static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}

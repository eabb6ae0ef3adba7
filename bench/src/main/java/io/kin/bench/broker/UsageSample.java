package io.kin.bench.broker;

/**
 * One reading of a broker's resources during a long run.
 *
 * @param offsetMillis time since the series started (the start of the load)
 * @param cpuPercent   CPU used since the previous sample, % of one core; NaN for the first sample
 */
public record UsageSample(long offsetMillis, long rssKb, double cpuPercent) {

    public double rssMegabytes() {
        return rssKb / 1024.0;
    }
}

package io.kin.bench.broker;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Whether a broker's memory stayed flat over a long run: the average RSS of the last window against the average of
 * the first window. The sample at offset 0 is taken before any load and is left out, so connecting the clients and
 * filling the first queues (warm-up) do not count as growth.
 *
 * @param window           length of each window: one minute, or half the run if that is shorter
 * @param firstWindowMb    average RSS of the samples in {@code (0, window]}; NaN when there are none
 * @param lastWindowMb     average RSS of the samples in {@code [end - window, end]}; NaN when there are none
 */
public record RssGrowth(Duration window, double firstWindowMb, double lastWindowMb) {

    public static final Duration STANDARD_WINDOW = Duration.ofMinutes(1);

    /** @param samples a series from {@link BrokerUsageSeries}, in time order */
    public static RssGrowth of(List<UsageSample> samples) {
        long end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).offsetMillis();
        long window = Math.min(STANDARD_WINDOW.toMillis(), end / 2);
        OptionalDouble first = samples.stream()
                .filter(sample -> sample.offsetMillis() > 0 && sample.offsetMillis() <= window)
                .mapToDouble(UsageSample::rssMegabytes).average();
        OptionalDouble last = samples.stream()
                .filter(sample -> sample.offsetMillis() > 0 && sample.offsetMillis() >= end - window)
                .mapToDouble(UsageSample::rssMegabytes).average();
        return new RssGrowth(Duration.ofMillis(window), first.orElse(Double.NaN), last.orElse(Double.NaN));
    }

    /** Last-window average over first-window average; NaN when the run was too short to have both windows. */
    public double ratio() {
        if (Double.isNaN(firstWindowMb) || Double.isNaN(lastWindowMb) || firstWindowMb <= 0) {
            return Double.NaN;
        }
        return lastWindowMb / firstWindowMb;
    }

    public boolean measured() {
        return !Double.isNaN(ratio());
    }
}

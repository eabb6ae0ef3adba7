package io.kin.broker.sys;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The last hour of one node's figures, one sample per 10-second step, in a fixed ring of 360 samples. A sample is
 * filed under its step (its time rounded down to the 10-second grid), so nodes' samples line up and can be summed;
 * a second sample in the same step replaces the first. Samples older than an hour before the newest are not
 * answered, even when steps were missed (the node was paused) and the ring still holds them.
 */
public final class StatsHistory {

    public static final long STEP_MILLIS = 10_000;
    public static final int STEPS = 360; // one hour

    /** The figures at one step. */
    public record Sample(Instant at, Map<String, Double> figures) {
    }

    private final Sample[] ring = new Sample[STEPS];
    private int next; // where the next new step goes
    private int size;

    /** The step {@code epochMillis} falls in: rounded down to the 10-second grid. */
    public static long step(long epochMillis) {
        return Math.floorDiv(epochMillis, STEP_MILLIS) * STEP_MILLIS;
    }

    /** Files the figures under the step of {@code epochMillis}; ignored when older than the newest sample. */
    public synchronized void record(long epochMillis, Map<String, Double> figures) {
        Instant at = Instant.ofEpochMilli(step(epochMillis));
        Sample sample = new Sample(at, Map.copyOf(figures));
        if (size > 0) {
            int last = Math.floorMod(next - 1, STEPS);
            int order = ring[last].at().compareTo(at);
            if (order == 0) {
                ring[last] = sample;
                return;
            }
            if (order > 0) {
                return; // the clock went back: keep the series in order
            }
        }
        ring[next] = sample;
        next = (next + 1) % STEPS;
        size = Math.min(STEPS, size + 1);
    }

    /** The samples of the hour up to the newest one, oldest first. */
    public synchronized List<Sample> samples() {
        List<Sample> all = new ArrayList<>(size);
        if (size == 0) {
            return all;
        }
        Instant newest = ring[Math.floorMod(next - 1, STEPS)].at();
        Instant from = newest.minusMillis(STEPS * STEP_MILLIS);
        for (int i = 0; i < size; i++) {
            Sample s = ring[Math.floorMod(next - size + i, STEPS)];
            if (s.at().isAfter(from)) {
                all.add(s);
            }
        }
        return all;
    }
}

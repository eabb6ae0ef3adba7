package io.kin.bench.scenario;

import io.kin.bench.broker.RssGrowth;
import io.kin.bench.measure.SequenceCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a soak passed. Delivery: QoS 1 and 2 lose nothing and QoS 2 delivers nothing twice (QoS 0 losses and QoS 1
 * duplicates are allowed, and only counted). Memory: the broker's RSS in the last window is at most
 * {@code maxRssGrowth} times that of the first window; not judged when there is no RSS series or the run was too
 * short for two windows.
 */
record SoakVerdict(List<String> deliveryFailures, List<String> memoryFailures) {

    /** Exit code when the broker's memory grew beyond --max-rss-growth but every message arrived. */
    static final int EXIT_MEMORY_GREW = 4;

    SoakVerdict {
        deliveryFailures = List.copyOf(deliveryFailures);
        memoryFailures = List.copyOf(memoryFailures);
    }

    /**
     * @param countsByQos what the receivers got, summed per QoS
     * @param rssGrowth   the broker's RSS growth, or {@code null} when not measured
     */
    static SoakVerdict judge(Map<Integer, SequenceCounts> countsByQos, RssGrowth rssGrowth, double maxRssGrowth) {
        List<String> delivery = new ArrayList<>();
        for (int qos = 1; qos <= 2; qos++) {
            SequenceCounts counts = countsByQos.getOrDefault(qos, SequenceCounts.NONE);
            if (counts.lost() > 0) {
                delivery.add(String.format(Locale.ROOT, "QoS %d: %,d of %,d messages lost; QoS 1/2 must lose none",
                        qos, counts.lost(), counts.expected()));
            }
        }
        long qos2Duplicates = countsByQos.getOrDefault(2, SequenceCounts.NONE).duplicated();
        if (qos2Duplicates > 0) {
            delivery.add(String.format(Locale.ROOT, "QoS 2: %,d duplicates; QoS 2 must deliver exactly once",
                    qos2Duplicates));
        }
        List<String> memory = new ArrayList<>();
        if (rssGrowth != null && rssGrowth.measured() && rssGrowth.ratio() > maxRssGrowth) {
            memory.add(String.format(Locale.ROOT,
                    "broker RSS grew %.2fx (average %.1f MB in the first %d s, %.1f MB in the last %d s), more than "
                            + "--max-rss-growth %.2f", rssGrowth.ratio(), rssGrowth.firstWindowMb(),
                    rssGrowth.window().toSeconds(), rssGrowth.lastWindowMb(), rssGrowth.window().toSeconds(),
                    maxRssGrowth));
        }
        return new SoakVerdict(delivery, memory);
    }

    boolean deliveryBroken() {
        return !deliveryFailures.isEmpty();
    }

    boolean memoryGrew() {
        return !memoryFailures.isEmpty();
    }

    boolean passed() {
        return !deliveryBroken() && !memoryGrew();
    }

    /** 0 passed, 3 a delivery guarantee broken (whatever the memory did), 4 only the memory grew. */
    int exitCode() {
        if (deliveryBroken()) {
            return ScenarioCommand.EXIT_GUARANTEE_BROKEN;
        }
        return memoryGrew() ? EXIT_MEMORY_GREW : 0;
    }
}

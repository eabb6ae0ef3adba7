package io.kin.admin.ui.dashboard;

import io.kin.admin.ui.api.ApiModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The last hour of the cluster's figures, as the console took them from {@code GET /api/v1/stats} while operators
 * watched the dashboard (each refresh adds a sample, at most one every two seconds): the charts' data.
 */
@ApplicationScoped
public class StatsHistory {

    static final Duration WINDOW = Duration.ofHours(1);
    private static final Duration MIN_STEP = Duration.ofSeconds(2);

    private final Deque<Sample> samples = new ArrayDeque<>();

    /** One reading of the cluster totals. Counters (received, sent, dropped) only grow while nodes run. */
    public record Sample(Instant at, long connected, long received, long sent, long dropped, long retained,
                         long subscriptions, long ruleFailures) {

        static Sample of(Instant at, Map<String, String> cluster) {
            long ruleFailures = 0;
            for (Map.Entry<String, String> e : cluster.entrySet()) {
                if (e.getKey().startsWith("rules/") && e.getKey().endsWith("/failed")) {
                    ruleFailures += number(e.getValue()); // evaluations and actions that failed
                }
            }
            return new Sample(at, number(cluster.get("clients/connected")),
                    number(cluster.get("publish/messages/received")), number(cluster.get("publish/messages/sent")),
                    number(cluster.get("publish/messages/dropped")), number(cluster.get("retained messages/count")),
                    number(cluster.get("subscriptions/count")), ruleFailures);
        }
    }

    /**
     * The hour the brokers kept ({@code GET /api/v1/stats/history}, 10-second steps) followed by this console's own
     * samples taken after the brokers' newest: the charts show the last hour at once and still move with every
     * refresh.
     */
    public List<Sample> withHistory(ApiModel.StatsHistory kept) {
        List<Sample> all = new ArrayList<>();
        if (kept != null && kept.samples() != null) {
            for (ApiModel.StatsSample s : kept.samples()) {
                Map<String, String> figures = new java.util.HashMap<>();
                s.figures().forEach((k, v) -> figures.put(k, v == null ? "0" : Double.toString(v)));
                all.add(Sample.of(Instant.parse(s.at()), figures));
            }
        }
        Instant last = all.isEmpty() ? Instant.MIN : all.get(all.size() - 1).at();
        Instant from = Instant.now().minus(WINDOW);
        all.removeIf(s -> s.at().isBefore(from));
        for (Sample s : samples()) {
            if (s.at().isAfter(last)) {
                all.add(s);
            }
        }
        return all;
    }

    /** Records the figures just read and answers the sample for them. */
    public synchronized Sample record(Map<String, String> cluster) {
        Instant now = Instant.now();
        Sample s = Sample.of(now, cluster);
        Sample last = samples.peekLast();
        if (last == null || Duration.between(last.at(), now).compareTo(MIN_STEP) >= 0) {
            samples.addLast(s);
        }
        while (!samples.isEmpty() && samples.peekFirst().at().isBefore(now.minus(WINDOW))) {
            samples.removeFirst();
        }
        return s;
    }

    public synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    /** Per-second rate of a counter between the last two samples; 0 before there are two (or after a restart). */
    public static double rate(List<Sample> samples, java.util.function.ToLongFunction<Sample> counter) {
        if (samples.size() < 2) {
            return 0;
        }
        return rate(samples.get(samples.size() - 2), samples.get(samples.size() - 1), counter);
    }

    /** Per-second rate of a counter from sample {@code a} to {@code b}; 0 when it went down (a node restarted). */
    public static double rate(Sample a, Sample b, java.util.function.ToLongFunction<Sample> counter) {
        double seconds = Duration.between(a.at(), b.at()).toMillis() / 1000.0;
        long delta = counter.applyAsLong(b) - counter.applyAsLong(a);
        return seconds <= 0 || delta < 0 ? 0 : delta / seconds;
    }

    static long number(String s) {
        if (s == null) {
            return 0;
        }
        try {
            return (long) Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

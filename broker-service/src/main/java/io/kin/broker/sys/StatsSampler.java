package io.kin.broker.sys;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples this node's $SYS figures every 10 seconds into a {@link StatsHistory} (whether $SYS topics are published
 * or not), so the admin API can draw the last hour at once. Besides the numeric $SYS figures (per-rule figures
 * left out), each sample has the rates per second over the step before it: {@code rate/messages/received},
 * {@code rate/messages/sent}, {@code rate/bytes/received}, {@code rate/bytes/sent}.
 */
@ApplicationScoped
public class StatsSampler {

    private static final Logger LOG = Logger.getLogger(StatsSampler.class);
    private static final List<String> RATES = List.of("messages/received", "messages/sent", "bytes/received",
            "bytes/sent");

    private final SysTopics sys;
    private final Vertx vertx;
    private final StatsHistory history = new StatsHistory();
    private Map<String, Double> previous;
    private long previousAt;
    private long timer = -1;

    StatsSampler(SysTopics sys, Vertx vertx) {
        this.sys = sys;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent ev) {
        sample();
        // at the next step of the grid, then every step
        long now = System.currentTimeMillis();
        long first = StatsHistory.step(now) + StatsHistory.STEP_MILLIS - now;
        timer = vertx.setTimer(Math.max(1, first), id -> {
            sample();
            timer = vertx.setPeriodic(StatsHistory.STEP_MILLIS, p -> sample());
        });
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public StatsHistory history() {
        return history;
    }

    /** Takes one sample now; public for tests. */
    public synchronized void sample() {
        try {
            long now = System.currentTimeMillis();
            Map<String, Double> figures = numeric(sys.snapshot());
            for (String series : RATES) {
                double rate = 0;
                if (previous != null && now > previousAt) {
                    rate = Math.max(0, figures.getOrDefault(series, 0.0) - previous.getOrDefault(series, 0.0))
                            * 1000.0 / (now - previousAt);
                }
                figures.put("rate/" + series, Math.round(rate * 100) / 100.0);
            }
            previous = figures;
            previousAt = now;
            history.record(now, figures);
        } catch (RuntimeException e) {
            LOG.warn("sampling the $SYS figures failed", e);
        }
    }

    /** The numeric figures; version, uptime text and per-rule figures are left out. */
    static Map<String, Double> numeric(Map<String, String> figures) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        figures.forEach((key, value) -> {
            if (key.startsWith("rules/") || key.equals("version") || key.equals("uptime")) {
                return;
            }
            try {
                numbers.put(key, Double.parseDouble(value));
            } catch (NumberFormatException ignored) {
                // not a figure to draw
            }
        });
        return numbers;
    }
}

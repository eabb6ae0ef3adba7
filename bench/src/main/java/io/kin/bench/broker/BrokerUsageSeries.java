package io.kin.bench.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A broker's RSS and CPU at a fixed interval over a long run, kept as a series so growth over time can be seen;
 * {@link BrokerUsageSampler} gives the start/peak/end summary of a short run instead.
 */
public final class BrokerUsageSeries {

    private final BrokerProcess process;
    private final Duration interval;
    private final List<UsageSample> samples = new ArrayList<>();
    private ScheduledExecutorService ticker;
    private long startNanos;
    private long lastNanos;
    private double lastCpuSeconds;

    public BrokerUsageSeries(BrokerProcess process, Duration interval) {
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("the sample interval must be at least 1 ms, not " + interval);
        }
        this.process = process;
        this.interval = interval;
    }

    /** Takes the first sample now (offset 0) and then one every interval until {@link #stop()}. */
    public synchronized void start() {
        process.requireAlive();
        startNanos = System.nanoTime();
        lastNanos = startNanos;
        lastCpuSeconds = process.cpuSeconds();
        samples.add(new UsageSample(0, process.rssKb(), Double.NaN));
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "broker-usage-series");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        ticker.scheduleAtFixedRate(this::sample, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops sampling, with a last sample now unless the latest one is less than half an interval old. */
    public List<UsageSample> stop() {
        ticker.shutdownNow();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (System.nanoTime() - lastNanos >= interval.toNanos() / 2) {
                sample();
            }
            return List.copyOf(samples);
        }
    }

    private synchronized void sample() {
        try {
            long now = System.nanoTime();
            double cpuSeconds = process.cpuSeconds();
            double wallSeconds = (now - lastNanos) / 1e9;
            double cpuPercent = wallSeconds > 0 ? 100 * (cpuSeconds - lastCpuSeconds) / wallSeconds : 0;
            samples.add(new UsageSample((now - startNanos) / 1_000_000, process.rssKb(), cpuPercent));
            lastNanos = now;
            lastCpuSeconds = cpuSeconds;
        } catch (RuntimeException e) {
            // the broker died: the samples so far stand, and the run's own errors say what happened
        }
    }
}

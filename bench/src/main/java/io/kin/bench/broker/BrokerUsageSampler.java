package io.kin.bench.broker;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches a broker process between {@link #start()} and {@link #stop()}: CPU time at both ends, RSS at both ends
 * and its peak, sampled every 200 ms in between.
 */
public final class BrokerUsageSampler {

    private final BrokerProcess process;
    private final AtomicLong rssPeakKb = new AtomicLong();
    private ScheduledExecutorService ticker;
    private long rssStartKb;
    private double cpuStartSeconds;
    private long startNanos;

    public BrokerUsageSampler(BrokerProcess process) {
        this.process = process;
    }

    public void start() {
        process.requireAlive();
        rssStartKb = process.rssKb();
        rssPeakKb.set(rssStartKb);
        cpuStartSeconds = process.cpuSeconds();
        startNanos = System.nanoTime();
        ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "broker-usage");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleAtFixedRate(this::sampleRss, 200, 200, TimeUnit.MILLISECONDS);
    }

    public BrokerUsage stop() {
        return stop(System.nanoTime());
    }

    /**
     * @param activeUntilNanos when the load ended: CPU is averaged up to here, so a quiet wait for stragglers after
     *                         the last delivery does not dilute it (the CPU time itself is read now)
     */
    public BrokerUsage stop(long activeUntilNanos) {
        ticker.shutdownNow();
        double wallSeconds = (Math.min(activeUntilNanos, System.nanoTime()) - startNanos) / 1e9;
        double cpuSeconds = process.cpuSeconds() - cpuStartSeconds;
        long rssEndKb = process.rssKb();
        rssPeakKb.accumulateAndGet(rssEndKb, Math::max);
        return new BrokerUsage(rssStartKb, rssPeakKb.get(), rssEndKb, cpuSeconds,
                wallSeconds > 0 ? 100 * cpuSeconds / wallSeconds : 0);
    }

    private void sampleRss() {
        try {
            rssPeakKb.accumulateAndGet(process.rssKb(), Math::max);
        } catch (RuntimeException e) {
            // the broker may have died mid-run; the final sample in stop() reports it
        }
    }
}

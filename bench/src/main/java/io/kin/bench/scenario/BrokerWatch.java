package io.kin.bench.scenario;

import io.kin.bench.broker.BrokerProcess;
import io.kin.bench.broker.BrokerUsage;
import io.kin.bench.broker.BrokerUsageSampler;
import io.kin.bench.report.Figure;
import io.kin.bench.report.RunReport;

import java.util.Optional;

/**
 * Broker resource figures for a run, or nothing when no {@code --broker-pid} was given; and always the load tool's
 * own CPU, because on a small machine the tool and the broker share the cores and a saturated tool, not the broker,
 * may be what limits the figures.
 */
final class BrokerWatch {

    private static final BrokerProcess TOOL = new BrokerProcess(ProcessHandle.current().pid());

    private final BrokerUsageSampler sampler;
    private double toolCpuStart = Double.NaN;
    private long toolStartNanos;
    private double toolCpuPercent = Double.NaN;

    private BrokerWatch(BrokerUsageSampler sampler) {
        this.sampler = sampler;
    }

    static BrokerWatch of(Long brokerPid) {
        if (brokerPid == null) {
            return new BrokerWatch(null);
        }
        BrokerProcess process = new BrokerProcess(brokerPid);
        process.requireAlive();
        return new BrokerWatch(new BrokerUsageSampler(process));
    }

    void start() {
        if (sampler != null) {
            sampler.start();
        }
        try {
            toolCpuStart = TOOL.cpuSeconds();
            toolStartNanos = System.nanoTime();
        } catch (RuntimeException e) {
            toolCpuStart = Double.NaN; // no /proc: not Linux
        }
    }

    Optional<BrokerUsage> stop() {
        return stop(System.nanoTime());
    }

    /** @param activeUntilNanos end of the load: the CPU average stops here (see {@link BrokerUsageSampler#stop(long)}) */
    Optional<BrokerUsage> stop(long activeUntilNanos) {
        if (!Double.isNaN(toolCpuStart)) {
            double wallSeconds = (Math.min(activeUntilNanos, System.nanoTime()) - toolStartNanos) / 1e9;
            toolCpuPercent = wallSeconds > 0 ? 100 * (TOOL.cpuSeconds() - toolCpuStart) / wallSeconds : 0;
        }
        return sampler == null ? Optional.empty() : Optional.of(sampler.stop(activeUntilNanos));
    }

    /** The load tool's CPU over the same window, % of one core; NaN when not measured. */
    double toolCpuPercent() {
        return toolCpuPercent;
    }

    void addFigures(RunReport.Builder report, Optional<BrokerUsage> usage) {
        addFigures(report, usage, toolCpuPercent);
    }

    static void addFigures(RunReport.Builder report, Optional<BrokerUsage> usage, double toolCpuPercent) {
        if (!Double.isNaN(toolCpuPercent)) {
            report.figure("tool_cpu_pct", "load tool CPU (% of one core)", toolCpuPercent, Figure.Kind.PERCENT);
        }
        usage.ifPresent(broker -> report
                .figure("broker_rss_start_mb", "broker RSS at start (MB)", broker.rssStartKb() / 1024.0, Figure.Kind.MEGABYTES)
                .figure("broker_rss_peak_mb", "broker RSS peak (MB)", broker.rssPeakKb() / 1024.0, Figure.Kind.MEGABYTES)
                .figure("broker_rss_end_mb", "broker RSS at end (MB)", broker.rssEndKb() / 1024.0, Figure.Kind.MEGABYTES)
                .figure("broker_cpu_pct", "broker CPU (% of one core)", broker.cpuPercent(), Figure.Kind.PERCENT));
    }
}

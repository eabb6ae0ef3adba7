package io.kin.bench.scenario;

import io.kin.bench.broker.BrokerProcess;
import io.kin.bench.broker.BrokerUsage;
import io.kin.bench.broker.BrokerUsageSampler;
import io.kin.bench.report.Figure;
import io.kin.bench.report.RunReport;

import java.util.Optional;

/** Broker resource figures for a run, or nothing when no {@code --broker-pid} was given. */
final class BrokerWatch {

    private final BrokerUsageSampler sampler;

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
    }

    Optional<BrokerUsage> stop() {
        return stop(System.nanoTime());
    }

    /** @param activeUntilNanos end of the load: the CPU average stops here (see {@link BrokerUsageSampler#stop(long)}) */
    Optional<BrokerUsage> stop(long activeUntilNanos) {
        return sampler == null ? Optional.empty() : Optional.of(sampler.stop(activeUntilNanos));
    }

    static void addFigures(RunReport.Builder report, Optional<BrokerUsage> usage) {
        usage.ifPresent(broker -> report
                .figure("broker_rss_start_mb", "broker RSS at start (MB)", broker.rssStartKb() / 1024.0, Figure.Kind.MEGABYTES)
                .figure("broker_rss_peak_mb", "broker RSS peak (MB)", broker.rssPeakKb() / 1024.0, Figure.Kind.MEGABYTES)
                .figure("broker_rss_end_mb", "broker RSS at end (MB)", broker.rssEndKb() / 1024.0, Figure.Kind.MEGABYTES)
                .figure("broker_cpu_pct", "broker CPU (% of one core)", broker.cpuPercent(), Figure.Kind.PERCENT));
    }
}

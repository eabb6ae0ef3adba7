package io.kin.bench.scenario;

import io.kin.bench.broker.BrokerProcess;
import io.kin.bench.broker.BrokerUsage;
import io.kin.bench.client.BenchClient;
import io.kin.bench.client.SessionPolicy;
import io.kin.bench.options.DurationConverter;
import io.kin.bench.report.Figure;
import io.kin.bench.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

@Command(name = "idle", mixinStandardHelpOptions = true,
        description = "C connections opened and held idle (keep-alive only) for --duration; "
                + "with --broker-pid reports broker RSS per connection and idle CPU.")
public final class IdleCommand extends ScenarioCommand {

    @Option(names = "--clients", defaultValue = "1000", description = "Connections to hold (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--concurrency", defaultValue = "50", description = "Connects in progress at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to hold the connections once open (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    public RunReport measure() throws Exception {
        requirePositive(clients, "--clients");
        requirePositive(concurrency, "--concurrency");
        String runId = newRunId();
        LongAdder connected = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        Semaphore slots = new Semaphore(concurrency);
        BrokerWatch watch = BrokerWatch.of(broker.brokerPid());
        BrokerProcess process = broker.brokerPid() == null ? null : new BrokerProcess(broker.brokerPid());

        try (ClientGroup group = new ClientGroup()) {
            watch.start();
            long start = System.nanoTime();
            for (int i = 0; i < clients; i++) {
                if (!slots.tryAcquire(ClientGroup.SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    break;
                }
                BenchClient client = group.add(
                        BenchClient.create(broker.mqttVersion(), broker.endpoint(), "kb" + runId + "i" + i, null));
                client.connect(SessionPolicy.EPHEMERAL).whenComplete((sessionPresent, error) -> {
                    if (error == null) {
                        connected.increment();
                    } else {
                        failed.increment();
                        firstError.compareAndSet(null, error);
                    }
                    slots.release();
                });
            }
            slots.tryAcquire(concurrency, ClientGroup.SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            double connectSeconds = (System.nanoTime() - start) / 1e9;

            // idle CPU is measured over the hold alone, not over the connect burst before it
            double cpuBefore = process == null ? 0 : process.cpuSeconds();
            long holdStart = System.nanoTime();
            Thread.sleep(duration.toMillis());
            double holdSeconds = (System.nanoTime() - holdStart) / 1e9;
            double idleCpuPercent = process == null ? 0 : 100 * (process.cpuSeconds() - cpuBefore) / holdSeconds;
            Optional<BrokerUsage> usage = watch.stop();

            RunReport.Builder report = RunReport.builder(scenarioName(), broker.endpoint().toString())
                    .setting("mqtt", broker.mqttVersion().label())
                    .setting("clients", clients)
                    .setting("concurrency", concurrency)
                    .setting("hold", duration.toMillis() / 1000.0 + "s")
                    .setting("run_id", runId)
                    .figure("connected", "connections held", connected.sum(), Figure.Kind.COUNT)
                    .figure("failed", "failed connects", failed.sum(), Figure.Kind.COUNT)
                    .figure("connects_per_s", "connects/s", DeliveryFigures.rate(connected.sum(), connectSeconds), Figure.Kind.RATE);
            watch.addFigures(report, usage);
            usage.ifPresent(broker -> report
                    .figure("broker_rss_per_connection_kb", "broker RSS per connection (kB)",
                            connected.sum() == 0 ? 0 : (broker.rssPeakKb() - broker.rssStartKb()) / (double) connected.sum(),
                            Figure.Kind.KILOBYTES)
                    .figure("broker_idle_cpu_pct", "broker CPU while idle (% of one core)", idleCpuPercent, Figure.Kind.PERCENT));
            if (firstError.get() != null) {
                report.warning(String.format("%,d connects failed, first: %s", failed.sum(), ClientGroup.describe(firstError.get())));
            }
            return report.build();
        }
    }
}

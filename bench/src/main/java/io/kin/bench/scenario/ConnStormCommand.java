package io.kin.bench.scenario;

import io.kin.bench.broker.BrokerUsage;
import io.kin.bench.client.BenchClient;
import io.kin.bench.client.SessionPolicy;
import io.kin.bench.measure.LatencyRecorder;
import io.kin.bench.measure.LatencySummary;
import io.kin.bench.options.DurationConverter;
import io.kin.bench.options.QosConverter;
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

@Command(name = "conn-storm", mixinStandardHelpOptions = true,
        description = "C clients each connect, subscribe and disconnect, a bounded number at a time; reports connects/s.")
public final class ConnStormCommand extends ScenarioCommand {

    @Option(names = "--clients", defaultValue = "1000", description = "Clients to cycle through (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--concurrency", defaultValue = "50",
            description = "Connect/subscribe/disconnect cycles in progress at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--qos", defaultValue = "0", converter = QosConverter.class, paramLabel = "0|1|2",
            description = "QoS of each client's subscription (default: ${DEFAULT-VALUE}).")
    int qos;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
            description = "Stop starting new clients after this long (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    public RunReport measure() throws Exception {
        requirePositive(clients, "--clients");
        requirePositive(concurrency, "--concurrency");
        String runId = newRunId();
        String topicBase = topicBase(runId);
        LatencyRecorder connectLatency = new LatencyRecorder();
        LongAdder cycled = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        Semaphore slots = new Semaphore(concurrency);
        BrokerWatch watch = BrokerWatch.of(broker.brokerPid());

        watch.start();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        int launched = 0;
        while (launched < clients && System.nanoTime() < deadline) {
            if (!slots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            int index = launched++;
            BenchClient client = BenchClient.create(broker.mqttVersion(), broker.endpoint(), "kb" + runId + "c" + index, null);
            long begun = System.nanoTime();
            client.connect(SessionPolicy.EPHEMERAL)
                    .thenCompose(sessionPresent -> client.subscribe(topicBase + "/" + index, qos))
                    .thenCompose(subscribed -> {
                        connectLatency.record(System.nanoTime() - begun);
                        return client.disconnect();
                    })
                    .whenComplete((done, error) -> {
                        if (error == null) {
                            cycled.increment();
                        } else {
                            failed.increment();
                            firstError.compareAndSet(null, error);
                            closeQuietly(client);
                        }
                        slots.release();
                    });
        }
        boolean allFinished = slots.tryAcquire(concurrency, ClientGroup.SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        Optional<BrokerUsage> usage = watch.stop();

        LatencySummary latency = connectLatency.summary();
        RunReport.Builder report = RunReport.builder(scenarioName(), broker.endpoint().toString())
                .setting("mqtt", broker.mqttVersion().label())
                .setting("clients", clients)
                .setting("concurrency", concurrency)
                .setting("qos", qos)
                .setting("duration_cap", duration.toMillis() / 1000.0 + "s")
                .setting("run_id", runId)
                .figure("clients_started", "clients started", launched, Figure.Kind.COUNT)
                .figure("cycles", "connect+subscribe+disconnect cycles", cycled.sum(), Figure.Kind.COUNT)
                .figure("failed", "failed cycles", failed.sum(), Figure.Kind.COUNT)
                .figure("connects_per_s", "connects/s", DeliveryFigures.rate(cycled.sum(), seconds), Figure.Kind.RATE)
                .figure("latency_p50_ms", "connect+subscribe p50 (ms)", LatencySummary.millis(latency.p50Nanos()), Figure.Kind.MILLIS)
                .figure("latency_p95_ms", "connect+subscribe p95 (ms)", LatencySummary.millis(latency.p95Nanos()), Figure.Kind.MILLIS)
                .figure("latency_p99_ms", "connect+subscribe p99 (ms)", LatencySummary.millis(latency.p99Nanos()), Figure.Kind.MILLIS)
                .figure("latency_max_ms", "connect+subscribe max (ms)", LatencySummary.millis(latency.maxNanos()), Figure.Kind.MILLIS);
        watch.addFigures(report, usage);
        if (firstError.get() != null) {
            report.warning(String.format("%,d cycles failed, first: %s", failed.sum(), ClientGroup.describe(firstError.get())));
        }
        if (!allFinished) {
            report.warning("some cycles had not finished " + ClientGroup.SETUP_TIMEOUT.toSeconds() + " s after the last start");
        }
        return report.build();
    }

    private static void closeQuietly(BenchClient client) {
        try {
            client.disconnect().exceptionally(ignored -> null);
        } catch (RuntimeException e) {
            // it never got connected
        }
    }
}

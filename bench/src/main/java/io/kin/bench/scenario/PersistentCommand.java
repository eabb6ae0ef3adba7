package io.kin.bench.scenario;

import io.kin.bench.broker.BrokerUsage;
import io.kin.bench.client.BenchClient;
import io.kin.bench.client.SessionPolicy;
import io.kin.bench.measure.LatencyRecorder;
import io.kin.bench.measure.SequenceCounts;
import io.kin.bench.measure.SequenceLedger;
import io.kin.bench.options.DurationConverter;
import io.kin.bench.options.TrafficOptions;
import io.kin.bench.report.Figure;
import io.kin.bench.report.RunReport;
import io.kin.bench.traffic.Payload;
import io.kin.bench.traffic.PublishPace;
import io.kin.bench.traffic.Publisher;
import io.kin.bench.traffic.Receiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

@Command(name = "persistent", mixinStandardHelpOptions = true,
        description = "A persistent QoS 1/2 session goes offline, a publisher sends M messages, the subscriber "
                + "reconnects and drains its queue; reports drain msg/s and lost/duplicated messages.")
public final class PersistentCommand extends ScenarioCommand {

    static final long DEFAULT_MESSAGES = 10_000;

    @Mixin
    TrafficOptions traffic;

    @Option(names = "--session-expiry", defaultValue = "300s", converter = DurationConverter.class,
            description = "Session expiry of the offline subscriber (MQTT 5; MQTT 3 uses clean session = false) (default: ${DEFAULT-VALUE}).")
    Duration sessionExpiry;

    @Override
    public RunReport measure() throws Exception {
        int qos = traffic.qosOr(1);
        long messageCap = traffic.messagesOr(DEFAULT_MESSAGES);
        if (qos == 0) {
            throw new IllegalArgumentException("persistent needs --qos 1 or 2: brokers need not queue QoS 0 for offline sessions");
        }
        requirePositive(messageCap, "--messages");
        String runId = newRunId();
        String topic = topicBase(runId);
        long expirySeconds = Math.max(1, sessionExpiry.toSeconds());
        SequenceLedger ledger = new SequenceLedger(Set.of(0));
        LatencyRecorder latency = new LatencyRecorder();
        LongAdder foreign = new LongAdder();
        BrokerWatch watch = BrokerWatch.of(broker.brokerPid());

        try (ClientGroup clients = new ClientGroup()) {
            BenchClient subscriber = clients.add(BenchClient.create(broker.mqttVersion(), broker.endpoint(),
                    "kb" + runId + "sub", new Receiver(ledger, latency, foreign)));
            ClientGroup.await(List.of(subscriber.connect(SessionPolicy.startPersistent(expirySeconds))
                            .thenCompose(sessionPresent -> subscriber.subscribe(topic, qos))),
                    ClientGroup.SETUP_TIMEOUT, "open a persistent session at " + broker.endpoint());
            ClientGroup.await(List.of(subscriber.disconnect()), ClientGroup.SETUP_TIMEOUT, "take the subscriber offline");

            BenchClient publisherClient = clients.add(
                    BenchClient.create(broker.mqttVersion(), broker.endpoint(), "kb" + runId + "pub", null));
            ClientGroup.await(List.of(publisherClient.connect(SessionPolicy.EPHEMERAL)), ClientGroup.SETUP_TIMEOUT,
                    "connect the publisher");
            Publisher publisher = new Publisher(0, publisherClient, topic, qos, traffic.payloadSize(), messageCap,
                    new PublishPace(traffic.rate()), traffic.inFlight());
            long publishStart = System.nanoTime();
            publisher.schedule(publishStart, publishStart + traffic.duration().toNanos());
            publisher.run();
            boolean allAcknowledged = publisher.awaitCompletion(traffic.drainTimeout().toNanos());
            double publishSeconds = (System.nanoTime() - publishStart) / 1e9;
            long sent = publisher.sent();

            watch.start();
            long reconnectStart = System.nanoTime();
            boolean sessionPresent = subscriber.connect(SessionPolicy.resumePersistent(expirySeconds))
                    .get(ClientGroup.SETUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            PubSubRun.awaitDeliveries(List.of(ledger), sent, traffic.drainTimeout());
            long drainEnd = ledger.received() == 0 ? System.nanoTime() : ledger.lastDeliveryNanos();
            Optional<BrokerUsage> usage = watch.stop(drainEnd);
            double drainSeconds = Math.max(0, drainEnd - reconnectStart) / 1e9;
            try {
                subscriber.disconnectAndForgetSession().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the session expires on its own after --session-expiry
            }

            SequenceCounts counts = ledger.counts(Map.of(0, sent));
            RunReport.Builder report = RunReport.builder(scenarioName(), broker.endpoint().toString())
                    .setting("mqtt", broker.mqttVersion().label())
                    .setting("qos", qos)
                    .setting("payload_bytes", Payload.effectiveSize(traffic.payloadSize()))
                    .setting("messages_cap", messageCap)
                    .setting("session_expiry", expirySeconds + "s")
                    .setting("run_id", runId);
            DeliveryFigures.addPublished(report, sent, publisher.errors(), publishSeconds);
            DeliveryFigures.addDelivered(report, qos, counts, drainSeconds, latency.summary(), "latency incl. offline wait");
            report.figure("drain_msg_per_s", "drain msg/s", DeliveryFigures.rate(counts.distinct(), drainSeconds), Figure.Kind.RATE)
                    .figure("drain_seconds", "drain time (s)", drainSeconds, Figure.Kind.SECONDS);
            watch.addFigures(report, usage);
            if (!sessionPresent) {
                report.warning("the broker answered the reconnect with session present = false: the session was not kept");
            }
            if (!allAcknowledged) {
                report.warning("some publishes were still unacknowledged after --drain-timeout");
            }
            if (publisher.errors() > 0) {
                report.warning(String.format("%,d publishes failed, first: %s", publisher.errors(),
                        ClientGroup.describe(publisher.firstError())));
            }
            if (foreign.sum() > 0) {
                report.warning(String.format("%,d messages on the run's topic were not load messages", foreign.sum()));
            }
            return report.build();
        }
    }
}

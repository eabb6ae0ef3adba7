package io.kin.bench.scenario;

import io.kin.bench.broker.BrokerUsage;
import io.kin.bench.client.BenchClient;
import io.kin.bench.client.MqttVersion;
import io.kin.bench.client.SessionPolicy;
import io.kin.bench.measure.LatencyRecorder;
import io.kin.bench.measure.LatencySummary;
import io.kin.bench.measure.SequenceCounts;
import io.kin.bench.measure.SequenceLedger;
import io.kin.bench.options.BrokerOptions;
import io.kin.bench.options.TrafficOptions;
import io.kin.bench.report.RunReport;
import io.kin.bench.traffic.Payload;
import io.kin.bench.traffic.PublishPace;
import io.kin.bench.traffic.Publisher;
import io.kin.bench.traffic.Receiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * One run of a publish/subscribe topology: subscribe, publish until the message or time cap, wait for the
 * deliveries to drain, then count. Fan-in, fan-out, pairs, shared and cross-node are all this with a different
 * {@link Topology}.
 */
final class PubSubRun {

    private static final long DRAIN_POLL_MILLIS = 20;
    private static final Duration HARD_DRAIN_CAP = Duration.ofSeconds(120);

    private final String scenario;
    private final String target;
    private final String runId;
    private final BrokerOptions broker;
    private final TrafficOptions traffic;
    private final Topology topology;
    private final int qos;
    private final long messageCap;
    private SessionPolicy subscriberSession = SessionPolicy.EPHEMERAL;
    private LatencyRecorder completionLatency;

    PubSubRun(String scenario, String target, String runId, BrokerOptions broker, TrafficOptions traffic,
              Topology topology, int qos, long messageCap) {
        this.scenario = scenario;
        this.target = target;
        this.runId = runId;
        this.broker = broker;
        this.traffic = traffic;
        this.topology = topology;
        this.qos = qos;
        this.messageCap = messageCap;
    }

    /** Subscribers connect with this session (default: ephemeral); persistent ones are dropped at the end of the run. */
    PubSubRun subscriberSession(SessionPolicy session) {
        this.subscriberSession = session;
        return this;
    }

    /** Also measure each publish from send to completion (PUBACK for QoS 1) and report its percentiles. */
    PubSubRun measureCompletionLatency() {
        this.completionLatency = new LatencyRecorder();
        return this;
    }

    RunReport run() throws InterruptedException {
        ScenarioCommand.requirePositive(messageCap, "--messages");
        ScenarioCommand.requirePositive(traffic.inFlight(), "--in-flight");
        MqttVersion version = broker.mqttVersion();
        LatencyRecorder latency = new LatencyRecorder();
        LongAdder foreign = new LongAdder();
        List<SequenceLedger> ledgers = topology.receivers().stream().map(SequenceLedger::new).toList();
        BrokerWatch watch = BrokerWatch.of(broker.brokerPid());

        try (ClientGroup clients = new ClientGroup()) {
            // subscribers first: nothing may be published before every receiver listens
            List<CompletableFuture<?>> subscribed = new ArrayList<>();
            List<BenchClient> subscriberClients = new ArrayList<>();
            for (int i = 0; i < topology.subscribers().size(); i++) {
                Topology.SubscriberPlan plan = topology.subscribers().get(i);
                Receiver receiver = new Receiver(ledgers.get(plan.receiver()), latency, foreign);
                BenchClient subscriber = clients.add(
                        BenchClient.create(version, plan.endpoint(), clientId("s", i), receiver));
                subscriberClients.add(subscriber);
                subscribed.add(subscriber.connect(subscriberSession)
                        .thenCompose(sessionPresent -> subscriber.subscribe(plan.topicFilter(), qos)));
            }
            ClientGroup.await(subscribed, ClientGroup.SETUP_TIMEOUT,
                    "connect and subscribe " + subscribed.size() + " subscriber(s) at " + target);
            Thread.sleep(traffic.settle().toMillis());

            List<Publisher> publishers = new ArrayList<>();
            List<CompletableFuture<?>> connected = new ArrayList<>();
            for (Topology.PublisherPlan plan : topology.publishers()) {
                BenchClient client = clients.add(
                        BenchClient.create(version, plan.endpoint(), clientId("p", plan.id()), null));
                connected.add(client.connect(SessionPolicy.EPHEMERAL));
                publishers.add(new Publisher(plan.id(), client, plan.topic(), qos, traffic.payloadSize(), messageCap,
                        new PublishPace(traffic.rate()), traffic.inFlight()).recordCompletionLatency(completionLatency));
            }
            ClientGroup.await(connected, ClientGroup.SETUP_TIMEOUT,
                    "connect " + connected.size() + " publisher(s) at " + target);

            watch.start();
            long start = System.nanoTime();
            long deadline = start + traffic.duration().toNanos();
            List<Thread> threads = new ArrayList<>();
            for (Publisher publisher : publishers) {
                publisher.schedule(start, deadline);
                Thread thread = new Thread(publisher, "publisher-" + publisher.id());
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join(); // each loop ends at its cap or at the shared deadline
            }
            boolean allCompleted = true;
            for (Publisher publisher : publishers) {
                allCompleted &= publisher.awaitCompletion(traffic.drainTimeout().toNanos());
            }
            long publishEnd = System.nanoTime();

            Map<Integer, Long> sent = new HashMap<>();
            publishers.forEach(publisher -> sent.put(publisher.id(), publisher.sent()));
            long expected = ledgers.stream().mapToLong(ledger -> ledger.counts(sent).expected()).sum();
            awaitDeliveries(ledgers, expected, traffic.drainTimeout());
            long lastDelivery = ledgers.stream().mapToLong(SequenceLedger::lastDeliveryNanos).max().orElse(0);
            Optional<BrokerUsage> usage = watch.stop(Math.max(publishEnd, lastDelivery));
            if (subscriberSession.persistent()) {
                forgetSessions(subscriberClients);
            }

            return report(publishers, sent, ledgers, latency.summary(), start, publishEnd, allCompleted,
                    foreign.sum(), watch, usage);
        }
    }

    /** Persistent subscriber sessions must not outlive the run: disconnect with session expiry 0. */
    private static void forgetSessions(List<BenchClient> subscribers) {
        List<CompletableFuture<Void>> forgotten = new ArrayList<>();
        for (BenchClient subscriber : subscribers) {
            forgotten.add(subscriber.disconnectAndForgetSession().exceptionally(error -> null));
        }
        try {
            CompletableFuture.allOf(forgotten.toArray(CompletableFuture[]::new)).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            // best effort: the sessions expire on their own
        }
    }

    /** Until every expected message arrived, or nothing arrived for the drain timeout. */
    static void awaitDeliveries(List<SequenceLedger> ledgers, long expected, Duration drainTimeout)
            throws InterruptedException {
        long idleLimit = drainTimeout.toNanos();
        long hardStop = System.nanoTime() + HARD_DRAIN_CAP.toNanos();
        long lastReceived = -1;
        long lastProgress = System.nanoTime();
        while (true) {
            long distinct = ledgers.stream().mapToLong(SequenceLedger::distinct).sum();
            long received = ledgers.stream().mapToLong(SequenceLedger::received).sum();
            long now = System.nanoTime();
            if (distinct >= expected || now > hardStop) {
                return;
            }
            if (received != lastReceived) {
                lastReceived = received;
                lastProgress = now;
            } else if (now - lastProgress > idleLimit) {
                return;
            }
            Thread.sleep(DRAIN_POLL_MILLIS);
        }
    }

    private RunReport report(List<Publisher> publishers, Map<Integer, Long> sent, List<SequenceLedger> ledgers,
                             LatencySummary latency, long start, long publishEnd,
                             boolean allCompleted, long foreign, BrokerWatch watch,
                             Optional<BrokerUsage> usage) {
        long published = sent.values().stream().mapToLong(Long::longValue).sum();
        long publishErrors = publishers.stream().mapToLong(Publisher::errors).sum();
        SequenceCounts counts = ledgers.stream().map(ledger -> ledger.counts(sent))
                .reduce(SequenceCounts.NONE, SequenceCounts::plus);
        long lastDelivery = ledgers.stream().mapToLong(SequenceLedger::lastDeliveryNanos).max().orElse(start);
        boolean hitMessageCap = publishers.stream().allMatch(publisher -> publisher.sent() >= messageCap);

        RunReport.Builder report = RunReport.builder(scenario, target)
                .setting("mqtt", broker.mqttVersion().label())
                .setting("qos", qos)
                .setting("publishers", topology.publishers().size())
                .setting("subscribers", topology.subscribers().size())
                .setting("subscriber_session", subscriberSession.persistent()
                        ? "persistent, expiry " + subscriberSession.sessionExpirySeconds() + "s" : "clean")
                .setting("payload_bytes", Payload.effectiveSize(traffic.payloadSize()))
                .setting("rate_per_publisher", traffic.rate() > 0 ? traffic.rate() + "/s" : "max")
                .setting("in_flight", traffic.inFlight())
                .setting("messages_cap", messageCap)
                .setting("duration_cap", traffic.duration().toMillis() / 1000.0 + "s")
                .setting("stopped_by", hitMessageCap ? "messages" : "duration")
                .setting("run_id", runId);
        DeliveryFigures.addPublished(report, published, publishErrors, seconds(publishEnd - start));
        if (completionLatency != null) {
            DeliveryFigures.addCompletionLatency(report, qos, completionLatency.summary());
        }
        DeliveryFigures.addDelivered(report, qos, counts, seconds(Math.max(0, lastDelivery - start)), latency,
                "latency");
        watch.addFigures(report, usage);

        if (publishErrors > 0) {
            Throwable first = publishers.stream().map(Publisher::firstError).filter(e -> e != null).findFirst().orElse(null);
            report.warning(String.format("%,d publishes failed%s", publishErrors,
                    first == null ? "" : ", first: " + ClientGroup.describe(first)));
        }
        if (!allCompleted) {
            report.warning("some publishes were still unacknowledged after --drain-timeout");
        }
        if (foreign > 0) {
            report.warning(String.format("%,d messages on the run's topics were not load messages", foreign));
        }
        long unexpected = ledgers.stream().mapToLong(SequenceLedger::unexpected).sum();
        if (unexpected > 0) {
            report.warning(String.format("%,d deliveries came from publishers the receiver should not hear", unexpected));
        }
        return report.build();
    }

    private String clientId(String role, int index) {
        return "kb" + runId + role + index;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}

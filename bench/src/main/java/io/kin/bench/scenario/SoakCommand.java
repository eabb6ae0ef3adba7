package io.kin.bench.scenario;

import io.kin.bench.broker.BrokerProcess;
import io.kin.bench.broker.BrokerUsage;
import io.kin.bench.broker.BrokerUsageSeries;
import io.kin.bench.broker.RssGrowth;
import io.kin.bench.broker.UsageSample;
import io.kin.bench.client.BenchClient;
import io.kin.bench.client.MqttVersion;
import io.kin.bench.client.SessionPolicy;
import io.kin.bench.measure.LatencyRecorder;
import io.kin.bench.measure.LatencySummary;
import io.kin.bench.measure.SequenceCounts;
import io.kin.bench.measure.SequenceLedger;
import io.kin.bench.options.DurationConverter;
import io.kin.bench.report.Figure;
import io.kin.bench.report.JsonLine;
import io.kin.bench.report.ReportTable;
import io.kin.bench.report.RunReport;
import io.kin.bench.report.UsageTable;
import io.kin.bench.traffic.Payload;
import io.kin.bench.traffic.PublishPace;
import io.kin.bench.traffic.Publisher;
import io.kin.bench.traffic.Receiver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * A long run of mixed traffic that checks the broker keeps its delivery guarantees and its memory flat: publishers
 * at QoS 0, 1 and 2 to subscribers that keep each message's QoS, a shared group on its own topics, and one subscriber
 * with a persistent session that goes away and comes back every churn interval, so the broker's offline queue and
 * redelivery run all the time.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Mixed QoS 0/1/2 traffic for --duration (default 10 minutes) with a persistent subscriber that "
                + "disconnects and reconnects every --churn-interval; reports lost/duplicated messages per QoS and, "
                + "with --broker-pid, the broker's RSS and CPU every --sample-interval.",
                "Exit code 3: QoS 1/2 messages lost or QoS 2 duplicated; 4: broker RSS grew beyond --max-rss-growth."})
public final class SoakCommand extends ScenarioCommand {

    /** The subscribers' QoS: the highest, so every message keeps the QoS it was published with. */
    private static final int SUBSCRIBER_QOS = 2;
    private static final int SHARED_QOS = 1;
    private static final int SHARED_MEMBERS = 2;
    private static final Duration SETTLE = Duration.ofMillis(500);

    @Option(names = "--duration", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to publish (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--publishers", defaultValue = "6",
            description = "Publishers to the subscribers; publisher i publishes at QoS i mod 3 (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--rate", defaultValue = "500", paramLabel = "MSG/S",
            description = "Messages per second per publisher (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--subscribers", defaultValue = "3",
            description = "Subscribers to every publisher's topic at QoS 2; the first one has a persistent session "
                    + "and is churned (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--shared-publishers", defaultValue = "2",
            description = "QoS 1 publishers to the shared group's own topics (2 members, QoS 1) (default: ${DEFAULT-VALUE}).")
    int sharedPublishers;

    @Option(names = "--churn-interval", defaultValue = "30s", converter = DurationConverter.class,
            description = "How often the persistent subscriber disconnects and reconnects (default: ${DEFAULT-VALUE}).")
    Duration churnInterval;

    @Option(names = "--offline", converter = DurationConverter.class,
            description = "How long the churned subscriber stays away each time (default: a third of --churn-interval).")
    Duration offline;

    @Option(names = "--session-expiry", defaultValue = "300s", converter = DurationConverter.class,
            description = "Session expiry of the churned subscriber (MQTT 3: clean session = false) (default: ${DEFAULT-VALUE}).")
    Duration sessionExpiry;

    @Option(names = "--drain", defaultValue = "10s", converter = DurationConverter.class,
            description = "After publishing, stop waiting for deliveries once none arrived for this long (default: ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--max-rss-growth", defaultValue = "1.5",
            description = "Fail if the broker's average RSS in the last minute exceeds this many times that of the "
                    + "first minute (needs --broker-pid) (default: ${DEFAULT-VALUE}).")
    double maxRssGrowth;

    @Option(names = "--sample-interval", defaultValue = "10s", converter = DurationConverter.class,
            description = "How often the broker's RSS and CPU are sampled (with --broker-pid) (default: ${DEFAULT-VALUE}).")
    Duration sampleInterval;

    @Option(names = "--payload-size", defaultValue = "64", paramLabel = "BYTES",
            description = "Payload bytes, at least the 22-byte load header (default: ${DEFAULT-VALUE}).")
    int payloadSize;

    @Option(names = "--in-flight", defaultValue = "1000", paramLabel = "N",
            description = "Per publisher, publishes sent but not yet completed (default: ${DEFAULT-VALUE}).")
    int inFlight;

    /** What a soak found: the report, the broker's usage series (empty without --broker-pid) and the verdict. */
    record Outcome(RunReport report, List<UsageSample> samples, SoakVerdict verdict) {
    }

    /** One publisher of the run: it publishes every message on {@code topic} at {@code qos}. */
    private record Source(int id, String topic, int qos) {
    }

    /** A unit that must get every message of its publishers: one subscriber, or the whole shared group. */
    private record Destination(String key, String label, SequenceLedger ledger) {
    }

    private record Churn(int cycles, int sessionsLost, long offlineNanos) {
    }

    @Override
    public RunReport measure() throws Exception {
        return soak().report();
    }

    @Override
    public Integer call() throws Exception {
        Outcome outcome = soak();
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.println(UsageTable.withSamples(JsonLine.of(outcome.report()), outcome.samples()));
        } else {
            out.print(ReportTable.render(outcome.report()));
            if (!outcome.samples().isEmpty()) {
                out.print(UsageTable.render(outcome.samples()));
            }
            out.println(outcome.verdict().passed() ? "  PASSED" : "  FAILED");
        }
        out.flush();
        return outcome.verdict().exitCode();
    }

    Duration offline() {
        return offline != null ? offline : churnInterval.dividedBy(3);
    }

    Outcome soak() throws Exception {
        requirePositive(publishers, "--publishers");
        requirePositive(subscribers, "--subscribers");
        requirePositive(inFlight, "--in-flight");
        if (sharedPublishers < 0) {
            throw new IllegalArgumentException("--shared-publishers must be 0 or more, not " + sharedPublishers);
        }
        if (rate <= 0) {
            throw new IllegalArgumentException("--rate must be above 0: a soak runs at a paced, moderate load");
        }
        if (churnInterval.isZero() || churnInterval.isNegative() || offline().compareTo(churnInterval) >= 0) {
            throw new IllegalArgumentException("--offline (" + offline().toMillis() + " ms) must be shorter than "
                    + "--churn-interval (" + churnInterval.toMillis() + " ms)");
        }
        if (maxRssGrowth < 1) {
            throw new IllegalArgumentException("--max-rss-growth must be at least 1, not " + maxRssGrowth);
        }
        String runId = newRunId();
        String base = topicBase(runId);
        String mixedFilter = base + "/mixed/+";
        String sharedFilter = "$share/kb" + runId + "/" + base + "/shared/+";
        long expirySeconds = Math.max(1, sessionExpiry.toSeconds());
        MqttVersion version = broker.mqttVersion();

        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < publishers; i++) {
            sources.add(new Source(i, base + "/mixed/" + i, i % 3));
        }
        for (int i = 0; i < sharedPublishers; i++) {
            sources.add(new Source(publishers + i, base + "/shared/" + i, SHARED_QOS));
        }
        int[] qosOf = sources.stream().mapToInt(Source::qos).toArray();
        Set<Integer> mixedIds = new LinkedHashSet<>();
        Set<Integer> sharedIds = new LinkedHashSet<>();
        sources.forEach(source -> (source.id() < publishers ? mixedIds : sharedIds).add(source.id()));

        LatencyRecorder[] latencyByQos = {new LatencyRecorder(), new LatencyRecorder(), new LatencyRecorder()};
        LatencyRecorder churnedLatency = new LatencyRecorder();
        IntFunction<LatencyRecorder> byQos = id -> id >= 0 && id < qosOf.length ? latencyByQos[qosOf[id]] : null;
        LongAdder foreign = new LongAdder();
        List<Destination> destinations = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            destinations.add(new Destination("s" + i, i == 0 ? "subscriber 0 (churned)" : "subscriber " + i,
                    new SequenceLedger(mixedIds)));
        }
        if (!sharedIds.isEmpty()) {
            destinations.add(new Destination("shared", "shared group", new SequenceLedger(sharedIds)));
        }
        List<SequenceLedger> ledgers = destinations.stream().map(Destination::ledger).toList();

        BrokerWatch watch = BrokerWatch.of(broker.brokerPid());
        BrokerUsageSeries series = broker.brokerPid() == null ? null
                : new BrokerUsageSeries(new BrokerProcess(broker.brokerPid()), sampleInterval);

        try (ClientGroup clients = new ClientGroup()) {
            // the churned subscriber keeps its session across the run; its latencies include its time away
            BenchClient churned = clients.add(BenchClient.create(version, broker.endpoint(), "kb" + runId + "s0",
                    new Receiver(ledgers.get(0), churnedLatency, foreign)));
            List<CompletableFuture<?>> subscribed = new ArrayList<>();
            subscribed.add(churned.connect(SessionPolicy.startPersistent(expirySeconds))
                    .thenCompose(sessionPresent -> churned.subscribe(mixedFilter, SUBSCRIBER_QOS)));
            for (int i = 1; i < subscribers; i++) {
                BenchClient subscriber = clients.add(BenchClient.create(version, broker.endpoint(),
                        "kb" + runId + "s" + i, new Receiver(ledgers.get(i), byQos, foreign)));
                subscribed.add(subscriber.connect(SessionPolicy.EPHEMERAL)
                        .thenCompose(sessionPresent -> subscriber.subscribe(mixedFilter, SUBSCRIBER_QOS)));
            }
            if (!sharedIds.isEmpty()) {
                Receiver group = new Receiver(ledgers.get(subscribers), byQos, foreign);
                for (int i = 0; i < SHARED_MEMBERS; i++) {
                    BenchClient member = clients.add(
                            BenchClient.create(version, broker.endpoint(), "kb" + runId + "g" + i, group));
                    subscribed.add(member.connect(SessionPolicy.EPHEMERAL)
                            .thenCompose(sessionPresent -> member.subscribe(sharedFilter, SHARED_QOS)));
                }
            }
            ClientGroup.await(subscribed, ClientGroup.SETUP_TIMEOUT,
                    "connect and subscribe " + subscribed.size() + " subscriber(s) at " + broker.endpoint());
            Thread.sleep(SETTLE.toMillis());

            List<Publisher> running = new ArrayList<>();
            List<CompletableFuture<?>> connected = new ArrayList<>();
            for (Source source : sources) {
                BenchClient client = clients.add(
                        BenchClient.create(version, broker.endpoint(), "kb" + runId + "p" + source.id(), null));
                connected.add(client.connect(SessionPolicy.EPHEMERAL));
                running.add(new Publisher(source.id(), client, source.topic(), source.qos(), payloadSize,
                        Integer.MAX_VALUE, new PublishPace(rate), inFlight));
            }
            ClientGroup.await(connected, ClientGroup.SETUP_TIMEOUT,
                    "connect " + connected.size() + " publisher(s) at " + broker.endpoint());

            watch.start();
            if (series != null) {
                series.start();
            }
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Thread> threads = new ArrayList<>();
            Churn churn;
            try {
                for (Publisher publisher : running) {
                    publisher.schedule(start, deadline);
                    Thread thread = new Thread(publisher, "publisher-" + publisher.id());
                    thread.setDaemon(true);
                    thread.start();
                    threads.add(thread);
                }
                churn = churn(churned, mixedFilter, expirySeconds, start, deadline);
                for (Thread thread : threads) {
                    thread.join();
                }
            } finally {
                threads.forEach(Thread::interrupt); // ends the loops early only when the churn failed
            }
            boolean allCompleted = true;
            for (Publisher publisher : running) {
                allCompleted &= publisher.awaitCompletion(drain.toNanos());
            }
            long publishEnd = System.nanoTime();
            List<UsageSample> samples = series == null ? List.of() : series.stop();

            Map<Integer, Long> sent = new HashMap<>();
            running.forEach(publisher -> sent.put(publisher.id(), publisher.sent()));
            long expected = ledgers.stream().mapToLong(ledger -> ledger.counts(sent).expected()).sum();
            PubSubRun.awaitDeliveries(ledgers, expected, drain);
            long lastDelivery = ledgers.stream().mapToLong(SequenceLedger::lastDeliveryNanos).max().orElse(0);
            Optional<BrokerUsage> usage = watch.stop(Math.max(publishEnd, lastDelivery));
            try {
                churned.disconnectAndForgetSession().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the session expires on its own after --session-expiry
            }

            RssGrowth rssGrowth = series == null ? null : RssGrowth.of(samples);
            Map<Integer, SequenceCounts> countsByQos = countsByQos(destinations, sent, qosOf);
            SoakVerdict verdict = SoakVerdict.judge(countsByQos, rssGrowth, maxRssGrowth);
            RunReport.Builder report = RunReport.builder(scenarioName(), broker.endpoint().toString())
                    .setting("mqtt", version.label())
                    .setting("publishers", publishers + " (QoS i mod 3)")
                    .setting("subscribers", subscribers + " (QoS 2, subscriber 0 churned)")
                    .setting("shared_group", sharedIds.isEmpty() ? "none"
                            : SHARED_MEMBERS + " members, " + sharedPublishers + " QoS 1 publisher(s)")
                    .setting("rate_per_publisher", rate + "/s")
                    .setting("payload_bytes", Payload.effectiveSize(payloadSize))
                    .setting("duration", Figure.format(seconds(duration.toNanos()), Figure.Kind.SECONDS) + "s")
                    .setting("churn", "every " + Figure.format(seconds(churnInterval.toNanos()), Figure.Kind.SECONDS)
                            + "s, offline " + Figure.format(seconds(offline().toNanos()), Figure.Kind.SECONDS) + "s")
                    .setting("session_expiry", expirySeconds + "s")
                    .setting("memory_check", series == null ? "off (no --broker-pid)" : "max growth " + maxRssGrowth)
                    .setting("run_id", runId);
            long published = sent.values().stream().mapToLong(Long::longValue).sum();
            long publishErrors = running.stream().mapToLong(Publisher::errors).sum();
            DeliveryFigures.addPublished(report, published, publishErrors, seconds(publishEnd - start));
            report.figure("churn_cycles", "churn cycles (disconnect + reconnect)", churn.cycles(), Figure.Kind.COUNT)
                    .figure("churn_offline_s", "churned subscriber offline (s)", seconds(churn.offlineNanos()),
                            Figure.Kind.SECONDS);
            addQosFigures(report, destinations, sent, qosOf, countsByQos, latencyByQos);
            LatencySummary churnedSummary = churnedLatency.summary();
            report.figure("churned_latency_p50_ms", "subscriber 0 latency incl. offline p50 (ms)",
                            LatencySummary.millis(churnedSummary.p50Nanos()), Figure.Kind.MILLIS)
                    .figure("churned_latency_p99_ms", "subscriber 0 latency incl. offline p99 (ms)",
                            LatencySummary.millis(churnedSummary.p99Nanos()), Figure.Kind.MILLIS);
            watch.addFigures(report, usage);
            if (rssGrowth != null) {
                long windowSeconds = rssGrowth.window().toSeconds();
                report.figure("broker_rss_first_window_mb", "broker RSS avg, first " + windowSeconds + " s (MB)",
                                rssGrowth.firstWindowMb(), Figure.Kind.MEGABYTES)
                        .figure("broker_rss_last_window_mb", "broker RSS avg, last " + windowSeconds + " s (MB)",
                                rssGrowth.lastWindowMb(), Figure.Kind.MEGABYTES)
                        .figure("broker_rss_growth", "broker RSS growth (last / first)", rssGrowth.ratio(),
                                Figure.Kind.RATIO);
                if (!rssGrowth.measured()) {
                    report.warning("the run was too short for two RSS windows: memory was not judged");
                }
            }
            if (verdict.deliveryBroken()) {
                report.guaranteeBroken();
            }
            verdict.deliveryFailures().forEach(report::warning);
            verdict.memoryFailures().forEach(report::warning);
            addProblems(report, running, allCompleted, churn, foreign.sum(), ledgers);
            return new Outcome(report.build(), samples, verdict);
        }
    }

    /**
     * Every {@code --churn-interval}: disconnect the persistent subscriber, stay away for {@link #offline()}, resume
     * the session. A cycle starts only if it can end before the deadline, so the subscriber is back when publishing
     * stops.
     */
    private Churn churn(BenchClient subscriber, String topicFilter, long expirySeconds, long start, long deadline) {
        long interval = churnInterval.toNanos();
        long away = offline().toNanos();
        int cycles = 0;
        int sessionsLost = 0;
        long offlineNanos = 0;
        for (long next = start + interval; next + away < deadline; next += interval) {
            sleepUntil(next);
            ClientGroup.await(List.of(subscriber.disconnect()), ClientGroup.SETUP_TIMEOUT,
                    "disconnect the churned subscriber");
            long left = System.nanoTime();
            sleepUntil(left + away);
            CompletableFuture<Boolean> resumed = subscriber.connect(SessionPolicy.resumePersistent(expirySeconds));
            ClientGroup.await(List.of(resumed), ClientGroup.SETUP_TIMEOUT, "reconnect the churned subscriber");
            offlineNanos += System.nanoTime() - left;
            if (!resumed.join()) {
                // the queued messages are gone (the loss counts show it); subscribe again to go on measuring
                sessionsLost++;
                ClientGroup.await(List.of(subscriber.subscribe(topicFilter, SUBSCRIBER_QOS)), ClientGroup.SETUP_TIMEOUT,
                        "subscribe the churned subscriber again");
            }
            cycles++;
        }
        return new Churn(cycles, sessionsLost, offlineNanos);
    }

    /** Each destination's counts, split by the QoS of the publisher each message came from, summed per QoS. */
    private static Map<Integer, SequenceCounts> countsByQos(List<Destination> destinations, Map<Integer, Long> sent,
                                                            int[] qosOf) {
        Map<Integer, SequenceCounts> byQos = new HashMap<>();
        for (Destination destination : destinations) {
            for (int publisherId : destination.ledger().expectedPublishers()) {
                SequenceCounts counts = destination.ledger().countsFor(publisherId, sent.getOrDefault(publisherId, 0L));
                byQos.merge(qosOf[publisherId], counts, SequenceCounts::plus);
            }
        }
        return byQos;
    }

    private static void addQosFigures(RunReport.Builder report, List<Destination> destinations, Map<Integer, Long> sent,
                                      int[] qosOf, Map<Integer, SequenceCounts> countsByQos,
                                      LatencyRecorder[] latencyByQos) {
        for (int qos = 0; qos <= 2; qos++) {
            int level = qos;
            String prefix = "qos" + qos + "_";
            String label = "QoS " + qos + " ";
            long published = sent.entrySet().stream().filter(entry -> qosOf[entry.getKey()] == level)
                    .mapToLong(Map.Entry::getValue).sum();
            SequenceCounts total = countsByQos.getOrDefault(qos, SequenceCounts.NONE);
            report.figure(prefix + "published", label + "published", published, Figure.Kind.COUNT)
                    .figure(prefix + "expected", label + "expected deliveries", total.expected(), Figure.Kind.COUNT);
            for (Destination destination : destinations) {
                long delivered = destination.ledger().expectedPublishers().stream()
                        .filter(publisherId -> qosOf[publisherId] == level)
                        .mapToLong(publisherId -> destination.ledger()
                                .countsFor(publisherId, sent.getOrDefault(publisherId, 0L)).received())
                        .sum();
                boolean hears = destination.ledger().expectedPublishers().stream()
                        .anyMatch(publisherId -> qosOf[publisherId] == level);
                if (hears) {
                    report.figure(prefix + "delivered_" + destination.key(),
                            label + "delivered to " + destination.label(), delivered, Figure.Kind.COUNT);
                }
            }
            LatencySummary latency = latencyByQos[qos].summary();
            report.figure(prefix + "lost", label + "lost", total.lost(), Figure.Kind.COUNT)
                    .figure(prefix + "duplicated", label + "duplicated", total.duplicated(), Figure.Kind.COUNT)
                    .figure(prefix + "latency_p50_ms", label + "latency p50 (ms)",
                            LatencySummary.millis(latency.p50Nanos()), Figure.Kind.MILLIS)
                    .figure(prefix + "latency_p99_ms", label + "latency p99 (ms)",
                            LatencySummary.millis(latency.p99Nanos()), Figure.Kind.MILLIS);
        }
    }

    private static void addProblems(RunReport.Builder report, List<Publisher> running, boolean allCompleted,
                                    Churn churn, long foreign, List<SequenceLedger> ledgers) {
        long publishErrors = running.stream().mapToLong(Publisher::errors).sum();
        if (publishErrors > 0) {
            Throwable first = running.stream().map(Publisher::firstError).filter(e -> e != null).findFirst().orElse(null);
            report.warning(String.format("%,d publishes failed%s", publishErrors,
                    first == null ? "" : ", first: " + ClientGroup.describe(first)));
        }
        if (!allCompleted) {
            report.warning("some publishes were still unacknowledged after --drain");
        }
        if (churn.sessionsLost() > 0) {
            report.warning(String.format("%d of %d reconnects of subscriber 0 found no session (session present = "
                    + "false): the broker did not keep it", churn.sessionsLost(), churn.cycles()));
        }
        if (foreign > 0) {
            report.warning(String.format("%,d messages on the run's topics were not load messages", foreign));
        }
        long unexpected = ledgers.stream().mapToLong(SequenceLedger::unexpected).sum();
        if (unexpected > 0) {
            report.warning(String.format("%,d deliveries came from publishers the receiver should not hear", unexpected));
        }
    }

    private static void sleepUntil(long nanos) {
        for (long wait = nanos - System.nanoTime(); wait > 0; wait = nanos - System.nanoTime()) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}

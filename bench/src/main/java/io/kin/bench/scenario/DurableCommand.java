package io.kin.bench.scenario;

import io.kin.bench.client.SessionPolicy;
import io.kin.bench.options.DurationConverter;
import io.kin.bench.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * Durable QoS 1/2: P publishers → S online subscribers that hold persistent sessions (session expiry above zero),
 * all on one topic. A broker that stores messages for persistent sessions before acknowledging them (Kin MQTT commits
 * to PostgreSQL before PUBACK) pays for that here; the run reports the publisher's publish-to-PUBACK latency next to
 * throughput and end-to-end delivery.
 */
@Command(name = "durable", mixinStandardHelpOptions = true,
        description = "P QoS 1/2 publishers -> S online subscribers with persistent sessions (session expiry > 0), "
                + "one topic; reports msg/s, lost/duplicated and publish-to-PUBACK latency percentiles.")
public final class DurableCommand extends PubSubCommand {

    @Option(names = "--publishers", defaultValue = "8", description = "Publishing clients (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--subscribers", defaultValue = "1",
            description = "Subscribers with persistent sessions, each gets every message (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--session-expiry", defaultValue = "300s", converter = DurationConverter.class,
            description = "Session expiry of the subscribers (MQTT 5; MQTT 3 uses clean session = false); "
                    + "their sessions are dropped at the end of the run (default: ${DEFAULT-VALUE}).")
    Duration sessionExpiry;

    @Override
    Topology topology(String topicBase, String runId) {
        requirePositive(publishers, "--publishers");
        requirePositive(subscribers, "--subscribers");
        return Topology.manyToMany(publishers, subscribers, broker.endpoint(), broker.endpoint(), topicBase);
    }

    /** The subscribers' session: a fresh persistent one (clean start, expiry at least one second). */
    SessionPolicy subscriberSession() {
        return SessionPolicy.startPersistent(Math.max(1, sessionExpiry.toSeconds()));
    }

    @Override
    public RunReport measure() throws Exception {
        int qos = traffic.qosOr(1);
        if (qos == 0) {
            throw new IllegalArgumentException("durable needs --qos 1 or 2: QoS 0 is never stored for a session");
        }
        String runId = newRunId();
        Topology topology = topology(topicBase(runId), runId);
        return new PubSubRun(scenarioName(), target(), runId, broker, traffic, topology, qos,
                traffic.messagesOr(DEFAULT_MESSAGES))
                .subscriberSession(subscriberSession())
                .measureCompletionLatency()
                .run();
    }
}

package io.kin.bench.options;

import picocli.CommandLine.Option;

import java.time.Duration;

/** How much to publish, how fast, and how long to wait for it: the caps that make every run end by itself. */
public final class TrafficOptions {

    @Option(names = "--qos", converter = QosConverter.class, paramLabel = "0|1|2",
            description = "QoS of publishes and subscriptions (default: 0; persistent: 1).")
    Integer qos;

    @Option(names = "--payload-size", defaultValue = "64", paramLabel = "BYTES",
            description = "Payload bytes, at least the 22-byte load header (default: ${DEFAULT-VALUE}).")
    int payloadSize;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "MSG/S",
            description = "Messages per second per publisher; 0 = as fast as the in-flight window allows (default: 0).")
    double rate;

    @Option(names = "--messages", paramLabel = "N",
            description = "Cap on messages per publisher (default: 100000; persistent: 10000).")
    Long messages;

    @Option(names = "--duration", defaultValue = "10s", converter = DurationConverter.class,
            description = "Cap on publishing time, e.g. 15s, 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--in-flight", defaultValue = "1000", paramLabel = "N",
            description = "Per publisher, publishes sent but not yet completed (written for QoS 0, acknowledged for 1/2) (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--drain-timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "After publishing, stop waiting for deliveries once none arrived for this long (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--settle", defaultValue = "500ms", converter = DurationConverter.class,
            description = "Pause between subscribing and publishing, for subscriptions to propagate (default: ${DEFAULT-VALUE}).")
    Duration settle;

    public int qosOr(int scenarioDefault) {
        return qos == null ? scenarioDefault : qos;
    }

    public long messagesOr(long scenarioDefault) {
        return messages == null ? scenarioDefault : messages;
    }

    public int payloadSize() {
        return payloadSize;
    }

    public double rate() {
        return rate;
    }

    public Duration duration() {
        return duration;
    }

    public int inFlight() {
        return inFlight;
    }

    public Duration drainTimeout() {
        return drainTimeout;
    }

    public Duration settle() {
        return settle;
    }
}

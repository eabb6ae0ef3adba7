package io.kin.bench.options;

import io.kin.bench.client.Endpoint;
import io.kin.bench.client.MqttVersion;
import picocli.CommandLine.Option;

/** Which broker to load and how to talk to it; shared by every scenario. */
public final class BrokerOptions {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Broker host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "1883", description = "Broker MQTT port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--mqtt-version", defaultValue = "5", converter = MqttVersionConverter.class, paramLabel = "3|5",
            description = "Protocol of the load clients: 3 (3.1.1) or 5 (default: 5).")
    MqttVersion mqttVersion;

    @Option(names = "--broker-pid", paramLabel = "PID",
            description = "Broker process id: report its RSS (VmRSS) and CPU (utime+stime, %% of one core) from /proc.")
    Long brokerPid;

    @Option(names = "--topic-prefix", defaultValue = "kin-bench",
            description = "First topic level; a run id is appended so concurrent runs never cross (default: ${DEFAULT-VALUE}).")
    String topicPrefix;

    public Endpoint endpoint() {
        return new Endpoint(host, port);
    }

    public MqttVersion mqttVersion() {
        return mqttVersion;
    }

    public Long brokerPid() {
        return brokerPid;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /** Compare mode points the same parsed scenario at broker A, then at broker B. */
    public void retarget(String host, int port, Long brokerPid) {
        this.host = host;
        this.port = port;
        this.brokerPid = brokerPid;
    }
}

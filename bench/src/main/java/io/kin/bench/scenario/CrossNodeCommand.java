package io.kin.bench.scenario;

import io.kin.bench.client.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "cross-node", mixinStandardHelpOptions = true,
        description = "Publish to one node (--host/--port), subscribe on another (--sub-host/--sub-port): "
                + "measures routing between cluster nodes.")
public final class CrossNodeCommand extends PubSubCommand {

    @Option(names = "--sub-host", description = "Host the subscribers connect to (default: --host).")
    String subHost;

    @Option(names = "--sub-port", required = true, description = "Port the subscribers connect to.")
    int subPort;

    @Option(names = "--publishers", defaultValue = "1", description = "Publishing clients (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--subscribers", defaultValue = "1", description = "Subscribing clients (default: ${DEFAULT-VALUE}).")
    int subscribers;

    Endpoint subscribeEndpoint() {
        return new Endpoint(subHost == null ? broker.endpoint().host() : subHost, subPort);
    }

    @Override
    String target() {
        return broker.endpoint() + " -> " + subscribeEndpoint();
    }

    @Override
    Topology topology(String topicBase, String runId) {
        requirePositive(publishers, "--publishers");
        requirePositive(subscribers, "--subscribers");
        return Topology.manyToMany(publishers, subscribers, broker.endpoint(), subscribeEndpoint(), topicBase);
    }
}

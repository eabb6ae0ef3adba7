package io.kin.bench.scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fan-in", mixinStandardHelpOptions = true,
        description = "P publishers -> 1 subscriber, all on one topic.")
public final class FanInCommand extends PubSubCommand {

    @Option(names = "--publishers", defaultValue = "8", description = "Publishing clients (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Override
    Topology topology(String topicBase, String runId) {
        requirePositive(publishers, "--publishers");
        return Topology.fanIn(publishers, broker.endpoint(), topicBase);
    }
}

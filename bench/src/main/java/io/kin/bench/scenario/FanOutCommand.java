package io.kin.bench.scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fan-out", mixinStandardHelpOptions = true,
        description = "1 publisher -> S subscribers of the same topic; every subscriber must get every message.")
public final class FanOutCommand extends PubSubCommand {

    @Option(names = "--subscribers", defaultValue = "8", description = "Subscribing clients (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Override
    Topology topology(String topicBase, String runId) {
        requirePositive(subscribers, "--subscribers");
        return Topology.fanOut(subscribers, broker.endpoint(), topicBase);
    }
}

package io.kin.bench.scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = "N publishers -> N subscribers, one topic per pair: many independent streams.")
public final class PairsCommand extends PubSubCommand {

    @Option(names = "--pairs", defaultValue = "8", description = "Publisher/subscriber pairs (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Override
    Topology topology(String topicBase, String runId) {
        requirePositive(pairs, "--pairs");
        return Topology.pairs(pairs, broker.endpoint(), topicBase);
    }
}

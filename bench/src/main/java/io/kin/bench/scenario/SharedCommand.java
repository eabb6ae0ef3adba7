package io.kin.bench.scenario;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "shared", mixinStandardHelpOptions = true,
        description = "Publisher(s) -> a shared-subscription group of S members ($share/GROUP/topic); "
                + "the group as a whole must get every message once.")
public final class SharedCommand extends PubSubCommand {

    @Option(names = "--subscribers", defaultValue = "4", description = "Members of the shared group (default: ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = "--publishers", defaultValue = "1", description = "Publishing clients (default: ${DEFAULT-VALUE}).")
    int publishers;

    @Option(names = "--group", description = "Share name (default: one per run).")
    String group;

    @Override
    Topology topology(String topicBase, String runId) {
        requirePositive(subscribers, "--subscribers");
        requirePositive(publishers, "--publishers");
        return Topology.shared(publishers, subscribers, group == null ? "kb" + runId : group, broker.endpoint(), topicBase);
    }
}

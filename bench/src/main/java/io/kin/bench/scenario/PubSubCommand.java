package io.kin.bench.scenario;

import io.kin.bench.options.TrafficOptions;
import io.kin.bench.report.RunReport;
import picocli.CommandLine.Mixin;

/** A scenario that is a {@link Topology} run through {@link PubSubRun}. */
abstract class PubSubCommand extends ScenarioCommand {

    static final long DEFAULT_MESSAGES = 100_000;

    @Mixin
    protected TrafficOptions traffic;

    /** @param topicBase topic root unique to this run */
    abstract Topology topology(String topicBase, String runId);

    String target() {
        return broker.endpoint().toString();
    }

    @Override
    public RunReport measure() throws Exception {
        String runId = newRunId();
        Topology topology = topology(topicBase(runId), runId);
        return new PubSubRun(scenarioName(), target(), runId, broker, traffic, topology,
                traffic.qosOr(0), traffic.messagesOr(DEFAULT_MESSAGES)).run();
    }

    public TrafficOptions traffic() {
        return traffic;
    }
}

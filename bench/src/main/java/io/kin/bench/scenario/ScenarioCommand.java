package io.kin.bench.scenario;

import io.kin.bench.options.BrokerOptions;
import io.kin.bench.options.OutputOptions;
import io.kin.bench.report.JsonLine;
import io.kin.bench.report.ReportTable;
import io.kin.bench.report.RunReport;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A load scenario as a subcommand. {@link #measure()} runs it once and returns the report without printing, so
 * compare mode can run the same parsed scenario against two brokers.
 */
public abstract class ScenarioCommand implements Callable<Integer> {

    /** Exit code when a QoS 1/2 run lost messages: scripts and CI can tell a broken guarantee from a crash. */
    public static final int EXIT_GUARANTEE_BROKEN = 3;

    @Mixin
    protected BrokerOptions broker;

    @Mixin
    protected OutputOptions output;

    @Spec
    protected CommandSpec spec;

    public BrokerOptions broker() {
        return broker;
    }

    public String scenarioName() {
        return spec.name();
    }

    /** Runs the scenario once, end to end; it stops by itself at the message or time cap. */
    public abstract RunReport measure() throws Exception;

    @Override
    public Integer call() throws Exception {
        RunReport report = measure();
        PrintWriter out = spec.commandLine().getOut();
        out.println(output.json() ? JsonLine.of(report) : ReportTable.render(report));
        out.flush();
        return report.guaranteeBroken() ? EXIT_GUARANTEE_BROKEN : 0;
    }

    /** Six hex digits that keep this run's topics and client ids apart from any other run on the same broker. */
    protected static String newRunId() {
        return String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
    }

    protected String topicBase(String runId) {
        return broker.topicPrefix() + "/" + runId + "/" + scenarioName();
    }

    protected static void requirePositive(long value, String option) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, not " + value);
        }
    }
}

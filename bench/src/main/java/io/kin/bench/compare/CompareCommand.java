package io.kin.bench.compare;

import io.kin.bench.options.DurationConverter;
import io.kin.bench.report.JsonLine;
import io.kin.bench.report.RunReport;
import io.kin.bench.scenario.ScenarioCatalog;
import io.kin.bench.scenario.ScenarioCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Run one scenario against broker A and broker B alternately (A, B, A, B, ...) and print "
                + "each figure's median for A and for B and the ratio A/B.",
                "The scenario's own --host/--port/--broker-pid are replaced by A's and B's.",
                "Example: compare --a-port 1883 --b-port 1884 --runs 3 fan-in --qos 1 --duration 10s"})
public final class CompareCommand implements Callable<Integer> {

    @Option(names = "--a-host", defaultValue = "127.0.0.1", description = "Broker A host (default: ${DEFAULT-VALUE}).")
    String hostA;

    @Option(names = "--a-port", required = true, description = "Broker A MQTT port.")
    int portA;

    @Option(names = "--a-pid", description = "Broker A process id, for RSS and CPU.")
    Long pidA;

    @Option(names = "--b-host", defaultValue = "127.0.0.1", description = "Broker B host (default: ${DEFAULT-VALUE}).")
    String hostB;

    @Option(names = "--b-port", required = true, description = "Broker B MQTT port.")
    int portB;

    @Option(names = "--b-pid", description = "Broker B process id, for RSS and CPU.")
    Long pidB;

    @Option(names = "--runs", defaultValue = "3", description = "Runs per broker (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup-runs", defaultValue = "0",
            description = "Runs per broker before the measured ones, not counted: lets the tool's JIT warm up so "
                    + "broker A's first run is not the slow one (default: ${DEFAULT-VALUE}).")
    int warmupRuns;

    @Option(names = "--pause", defaultValue = "2s", converter = DurationConverter.class,
            description = "Pause between runs so the previous run's connections are gone (default: ${DEFAULT-VALUE}).")
    Duration pause;

    @Option(names = "--json", description = "One JSON object per run, then one with the comparison.")
    boolean json;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario to run: ${COMPLETION-CANDIDATES}",
            completionCandidates = ScenarioNames.class)
    String scenario;

    @Parameters(index = "1..*", paramLabel = "SCENARIO-OPTIONS", description = "Options of that scenario.")
    List<String> scenarioOptions = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--runs must be at least 1");
        }
        if (scenario.equals("cross-node")) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "compare points each scenario at one broker; cross-node spans two nodes, run it per broker instead");
        }
        ScenarioCatalog.create(scenario); // fail on an unknown name before any load is sent
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter progress = spec.commandLine().getErr();
        String targetA = hostA + ":" + portA;
        String targetB = hostB + ":" + portB;
        List<RunReport> runsA = new ArrayList<>();
        List<RunReport> runsB = new ArrayList<>();
        boolean guaranteeBroken = false;
        for (int warmup = 1; warmup <= warmupRuns; warmup++) {
            for (Side side : Side.values()) {
                RunReport report = measure(side);
                progress.println("warm-up " + progressLine(warmup, side, report));
                progress.flush();
                Thread.sleep(pause.toMillis());
            }
        }
        for (int run = 1; run <= runs; run++) {
            // alternate so a drift in the machine (thermal, other load) hits both brokers alike
            for (Side side : Side.values()) {
                if (runsA.size() + runsB.size() > 0) {
                    Thread.sleep(pause.toMillis());
                }
                RunReport report = measure(side);
                (side == Side.A ? runsA : runsB).add(report);
                guaranteeBroken |= report.guaranteeBroken();
                progress.println(progressLine(run, side, report));
                progress.flush();
                if (json) {
                    out.println("{\"side\":\"" + side + "\",\"run\":" + run + ",\"report\":" + JsonLine.of(report) + "}");
                }
            }
        }
        List<ComparedFigure> figures = Comparison.of(runsA, runsB);
        out.println(json ? Comparison.json(scenario, targetA, targetB, runs, figures)
                : Comparison.render(scenario, targetA, targetB, runs, figures));
        out.flush();
        return guaranteeBroken ? ScenarioCommand.EXIT_GUARANTEE_BROKEN : 0;
    }

    private RunReport measure(Side side) throws Exception {
        ScenarioCommand command = parsedScenario();
        if (side == Side.A) {
            command.broker().retarget(hostA, portA, pidA);
        } else {
            command.broker().retarget(hostB, portB, pidB);
        }
        return command.measure();
    }

    ScenarioCommand parsedScenario() {
        ScenarioCommand command = ScenarioCatalog.create(scenario);
        new CommandLine(command).parseArgs(scenarioOptions.toArray(String[]::new));
        return command;
    }

    private String progressLine(int run, Side side, RunReport report) {
        StringBuilder line = new StringBuilder(String.format("run %d/%d %s %s:", run, runs, side, report.target()));
        for (String key : List.of("delivered_msg_per_s", "connects_per_s", "latency_p99_ms", "lost")) {
            report.figure(key).ifPresent(figure -> line.append(' ').append(figure.label()).append(' ').append(figure.formatted()).append(';'));
        }
        report.warnings().forEach(warning -> line.append(" WARNING: ").append(warning).append(';'));
        return line.toString();
    }

    enum Side { A, B }

    static final class ScenarioNames extends ArrayList<String> {
        ScenarioNames() {
            super(ScenarioCatalog.names());
        }
    }
}

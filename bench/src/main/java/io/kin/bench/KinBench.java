package io.kin.bench;

import io.kin.bench.compare.CompareCommand;
import io.kin.bench.scenario.ScenarioCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The load tool: {@code java -jar bench/target/kin-bench.jar --help}. */
@Command(name = "kin-bench", mixinStandardHelpOptions = true, version = "kin-bench 0.1",
        description = {"Load scenarios against any MQTT broker; compare two brokers side by side.",
                "Every run stops by itself at its message or time cap and reports delivered msg/s, end-to-end "
                        + "latency percentiles, lost/duplicated messages and, with --broker-pid, broker RSS and CPU.",
                "Exit code 3: a QoS 1/2 run lost messages (soak: or duplicated a QoS 2 message); "
                        + "4: soak only, the broker's RSS grew beyond --max-rss-growth."})
public class KinBench implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The full command tree, ready to execute; tests parse with it too. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new KinBench());
        for (String name : ScenarioCatalog.names()) {
            root.addSubcommand(name, ScenarioCatalog.create(name));
        }
        CommandLine compare = new CommandLine(new CompareCommand());
        // everything after the scenario name belongs to the scenario, not to compare
        compare.setStopAtPositional(true);
        root.addSubcommand("compare", compare);
        root.setExecutionExceptionHandler((error, commandLine, parseResult) -> {
            commandLine.getErr().println("kin-bench: " + (error.getMessage() == null ? error : error.getMessage()));
            commandLine.getErr().flush();
            return 1;
        });
        return root;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}

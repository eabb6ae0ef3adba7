package io.kin.bench.compare;

import io.kin.bench.KinBench;
import io.kin.bench.client.Endpoint;
import io.kin.bench.scenario.ScenarioCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CompareCommandTest {

    @Test
    void everythingAfterTheScenarioNameBelongsToTheScenario() {
        CompareCommand compare = parse("compare", "--a-port", "1883", "--b-port", "1884", "--a-pid", "11",
                "--runs", "5", "fan-in", "--qos", "1", "--publishers", "4", "--json");

        assertThat(compare.portA).isEqualTo(1883);
        assertThat(compare.portB).isEqualTo(1884);
        assertThat(compare.pidA).isEqualTo(11L);
        assertThat(compare.runs).isEqualTo(5);
        assertThat(compare.json).isFalse();
        assertThat(compare.scenario).isEqualTo("fan-in");
        assertThat(compare.scenarioOptions).containsExactly("--qos", "1", "--publishers", "4", "--json");
    }

    @Test
    void eachRunGetsAFreshlyParsedScenarioThatCanBePointedAtEitherBroker() {
        CompareCommand compare = parse("compare", "--a-port", "1883", "--b-port", "1884", "fan-out", "--port", "9999");

        ScenarioCommand first = compare.parsedScenario();
        ScenarioCommand second = compare.parsedScenario();
        first.broker().retarget("127.0.0.1", 1884, null);

        assertThat(first).isNotSameAs(second);
        assertThat(first.broker().endpoint()).isEqualTo(new Endpoint("127.0.0.1", 1884));
        assertThat(second.broker().endpoint()).isEqualTo(new Endpoint("127.0.0.1", 9999));
    }

    @Test
    void anUnknownScenarioFailsBeforeAnyLoadIsSent() {
        StringWriter err = new StringWriter();
        CommandLine commandLine = KinBench.commandLine();
        commandLine.setErr(new PrintWriter(err));

        int exitCode = commandLine.execute("compare", "--a-port", "1", "--b-port", "2", "fan-everything");

        assertThat(exitCode).isNotZero();
        assertThat(err.toString()).contains("unknown scenario 'fan-everything'");
    }

    private static CompareCommand parse(String... args) {
        return (CompareCommand) KinBench.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
    }
}

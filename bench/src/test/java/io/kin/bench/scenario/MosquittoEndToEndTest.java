package io.kin.bench.scenario;

import io.kin.bench.KinBench;
import io.kin.bench.report.RunReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs small scenarios against a real broker: a private Mosquitto on a free loopback port, started here and
 * stopped after the class. Port 1883 belongs to another broker on shared machines and is never used.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MosquittoEndToEndTest {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private Process mosquitto;
    private int port;
    private Path workDir;

    @BeforeAll
    void startMosquitto() throws Exception {
        assertThat(Files.isExecutable(MOSQUITTO))
                .as("the end-to-end tests need Mosquitto at %s: install it with `apt-get install -y mosquitto`", MOSQUITTO)
                .isTrue();
        port = freePortOtherThan1883();
        workDir = Files.createTempDirectory("kin-bench-mosquitto");
        Path config = workDir.resolve("mosquitto.conf");
        // max_queued_messages: Mosquitto's default of 1000 per client drops QoS 1 messages under a burst, and these
        // tests check the tool's accounting, not that limit (docs/benchmarks.md records it)
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "max_queued_messages 100000",
                "persistence false",
                ""));
        mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("mosquitto.log").toFile())
                .start();
        awaitListening();
    }

    @AfterAll
    void stopMosquitto() throws Exception {
        if (mosquitto != null) {
            mosquitto.destroy();
            if (!mosquitto.waitFor(5, TimeUnit.SECONDS)) {
                mosquitto.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (workDir != null) {
            try (var files = Files.walk(workDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    @Test
    void fanInAtQos1DeliversEveryMessageFromEveryPublisher() throws Exception {
        FanInCommand fanIn = parse("fan-in", "--publishers", "4", "--qos", "1", "--messages", "750",
                "--duration", "20s", "--broker-pid", Long.toString(mosquitto.pid()));

        RunReport report = fanIn.measure();

        assertThat(figure(report, "published")).isEqualTo(3000);
        assertThat(figure(report, "delivered")).isEqualTo(3000);
        assertThat(figure(report, "lost")).isZero();
        assertThat(figure(report, "duplicated")).isZero();
        assertThat(figure(report, "publish_errors")).isZero();
        assertThat(figure(report, "latency_p50_ms")).isPositive();
        assertThat(figure(report, "latency_max_ms")).isGreaterThanOrEqualTo(figure(report, "latency_p99_ms"));
        assertThat(figure(report, "broker_rss_peak_mb")).isPositive();
        assertThat(report.guaranteeBroken()).isFalse();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void fanOutDeliversEveryMessageToEverySubscriberFromTheCommandLine() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = KinBench.commandLine();
        commandLine.setOut(new PrintWriter(out));

        int exitCode = commandLine.execute("fan-out", "--port", Integer.toString(port), "--subscribers", "4",
                "--messages", "500", "--rate", "2000", "--mqtt-version", "3", "--duration", "20s", "--json");

        assertThat(exitCode).isZero();
        assertThat(out.toString().strip()).startsWith("{\"scenario\":\"fan-out\"")
                .contains("\"published\":500,")
                .contains("\"delivered\":2000,")
                .contains("\"expected\":2000,")
                .contains("\"lost\":0,");
    }

    @Test
    void aSharedGroupGetsEachMessageOnceAcrossItsMembers() throws Exception {
        RunReport report = this.<SharedCommand>parse("shared", "--subscribers", "3", "--qos", "1",
                "--messages", "600", "--duration", "20s").measure();

        assertThat(figure(report, "delivered")).isEqualTo(600);
        assertThat(figure(report, "lost")).isZero();
        assertThat(figure(report, "duplicated")).isZero();
    }

    @Test
    void aPersistentSessionDrainsWhatWasPublishedWhileItWasOffline() throws Exception {
        RunReport report = this.<PersistentCommand>parse("persistent", "--messages", "500", "--duration", "20s")
                .measure();

        assertThat(figure(report, "published")).isEqualTo(500);
        assertThat(figure(report, "delivered")).isEqualTo(500);
        assertThat(figure(report, "lost")).isZero();
        assertThat(figure(report, "drain_msg_per_s")).isPositive();
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void durablePublishesReportPubackLatencyAndLoseNothing() throws Exception {
        RunReport report = this.<DurableCommand>parse("durable", "--publishers", "2", "--messages", "400",
                "--duration", "20s").measure();

        assertThat(figure(report, "published")).isEqualTo(800);
        assertThat(figure(report, "delivered")).isEqualTo(800);
        assertThat(figure(report, "lost")).isZero();
        assertThat(figure(report, "ack_latency_p50_ms")).isPositive();
        assertThat(figure(report, "ack_latency_p99_ms")).isGreaterThanOrEqualTo(figure(report, "ack_latency_p50_ms"));
        assertThat(report.settings()).containsEntry("subscriber_session", "persistent, expiry 300s");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void aConnectionStormCountsEveryCycle() throws Exception {
        RunReport report = this.<ConnStormCommand>parse("conn-storm", "--clients", "100", "--concurrency", "10")
                .measure();

        assertThat(figure(report, "cycles")).isEqualTo(100);
        assertThat(figure(report, "failed")).isZero();
        assertThat(figure(report, "connects_per_s")).isPositive();
    }

    @Test
    void comparingTheBrokerWithItselfGivesRatiosNearOne() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = KinBench.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(new StringWriter()));
        String samePort = Integer.toString(port);

        int exitCode = commandLine.execute("compare", "--a-port", samePort, "--b-port", samePort, "--runs", "1",
                "--pause", "100ms", "--json", "pairs", "--pairs", "2", "--qos", "1", "--messages", "300");

        assertThat(exitCode).isZero();
        String[] lines = out.toString().strip().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(lines[0]).startsWith("{\"side\":\"A\",\"run\":1,");
        assertThat(lines[1]).startsWith("{\"side\":\"B\",\"run\":1,");
        assertThat(lines[2]).contains("\"delivered\":{\"a\":600,\"b\":600,\"ratio\":1}")
                .contains("\"lost\":{\"a\":0,\"b\":0,\"ratio\":1}");
    }

    @Test
    void aShortSoakWithChurnLosesNoQos1Or2MessageAndExitsZero() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = KinBench.commandLine();
        commandLine.setOut(new PrintWriter(out));

        int exitCode = commandLine.execute("soak", "--port", Integer.toString(port), "--duration", "8s",
                "--churn-interval", "3s", "--rate", "100", "--sample-interval", "1s",
                "--broker-pid", Long.toString(mosquitto.pid()), "--json");

        String json = out.toString().strip();
        assertThat(exitCode).as(json).isZero();
        assertThat(json).startsWith("{\"scenario\":\"soak\"")
                .contains("\"churn_cycles\":2,")
                .contains("\"qos1_lost\":0,")
                .contains("\"qos2_lost\":0,")
                .contains("\"qos2_duplicated\":0,")
                .contains("\"qos1_delivered_shared\":")
                .contains("\"publish_errors\":0,")
                .contains("\"guarantee_broken\":false")
                .contains("\"samples\":[{\"t_s\":0,");
        // QoS 1: two of the six publishers plus the two shared-group publishers, 100 msg/s each for 8 s
        assertThat(json).containsPattern("\"qos1_published\":(2[5-9]|3[0-9])\\d\\d,");
    }

    private <T> T parse(String scenario, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = scenario;
        System.arraycopy(options, 0, args, 1, options.length);
        args[options.length + 1] = "--port";
        args[options.length + 2] = Integer.toString(port);
        @SuppressWarnings("unchecked")
        T command = (T) KinBench.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
        return command;
    }

    private static double figure(RunReport report, String key) {
        return report.figure(key).orElseThrow(() -> new AssertionError("no figure " + key)).value();
    }

    private static int freePortOtherThan1883() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                if (socket.getLocalPort() != 1883) {
                    return socket.getLocalPort();
                }
            }
        }
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            assertThat(mosquitto.isAlive())
                    .as("mosquitto exited at start: %s", Files.readString(workDir.resolve("mosquitto.log")))
                    .isTrue();
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("mosquitto did not listen on 127.0.0.1:" + port + " within 10 s");
    }
}

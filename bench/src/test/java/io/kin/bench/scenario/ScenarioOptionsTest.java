package io.kin.bench.scenario;

import io.kin.bench.KinBench;
import io.kin.bench.client.Endpoint;
import io.kin.bench.client.MqttVersion;
import io.kin.bench.client.SessionPolicy;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScenarioOptionsTest {

    @Test
    void fanInOptionsAreParsed() {
        FanInCommand fanIn = parse("fan-in", "--host", "10.0.0.5", "--port", "1884", "--publishers", "16", "--qos", "1",
                "--payload-size", "512", "--rate", "250", "--mqtt-version", "3", "--messages", "5000",
                "--duration", "15s", "--topic-prefix", "perf", "--broker-pid", "4242", "--json");

        assertThat(fanIn.publishers).isEqualTo(16);
        assertThat(fanIn.broker().endpoint()).isEqualTo(new Endpoint("10.0.0.5", 1884));
        assertThat(fanIn.broker().mqttVersion()).isEqualTo(MqttVersion.V3);
        assertThat(fanIn.broker().brokerPid()).isEqualTo(4242L);
        assertThat(fanIn.broker().topicPrefix()).isEqualTo("perf");
        assertThat(fanIn.traffic().qosOr(0)).isEqualTo(1);
        assertThat(fanIn.traffic().payloadSize()).isEqualTo(512);
        assertThat(fanIn.traffic().rate()).isEqualTo(250);
        assertThat(fanIn.traffic().messagesOr(1)).isEqualTo(5000);
        assertThat(fanIn.traffic().duration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(fanIn.output.json()).isTrue();
    }

    @Test
    void everyRunIsCappedByDefaultInMessagesAndTime() {
        FanOutCommand fanOut = parse("fan-out");

        assertThat(fanOut.broker().endpoint()).isEqualTo(new Endpoint("127.0.0.1", 1883));
        assertThat(fanOut.broker().mqttVersion()).isEqualTo(MqttVersion.V5);
        assertThat(fanOut.broker().brokerPid()).isNull();
        assertThat(fanOut.subscribers).isEqualTo(8);
        assertThat(fanOut.traffic().qosOr(0)).isZero();
        assertThat(fanOut.traffic().messagesOr(PubSubCommand.DEFAULT_MESSAGES)).isEqualTo(100_000);
        assertThat(fanOut.traffic().duration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fanOut.traffic().rate()).isZero();
        assertThat(fanOut.traffic().inFlight()).isEqualTo(1000);
    }

    @Test
    void persistentDefaultsToQos1() {
        PersistentCommand persistent = parse("persistent");

        assertThat(persistent.traffic.qosOr(1)).isEqualTo(1);
        assertThat(persistent.sessionExpiry).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void durableDefaultsToQos1IntoOnePersistentSubscriber() {
        DurableCommand durable = parse("durable");

        assertThat(durable.traffic().qosOr(1)).isEqualTo(1);
        assertThat(durable.publishers).isEqualTo(8);
        assertThat(durable.subscribers).isEqualTo(1);
        assertThat(durable.subscriberSession()).isEqualTo(SessionPolicy.startPersistent(300));
        assertThat(durable.subscriberSession().persistent()).isTrue();
        Topology topology = durable.topology("t", "r");
        assertThat(topology.publishers()).hasSize(8);
        assertThat(topology.receivers()).containsExactly(java.util.Set.of(0, 1, 2, 3, 4, 5, 6, 7));
    }

    @Test
    void durableRefusesQos0AndKeepsASessionForAtLeastASecond() {
        DurableCommand durable = parse("durable", "--qos", "0", "--session-expiry", "200ms", "--subscribers", "2");

        assertThat(durable.subscriberSession()).isEqualTo(SessionPolicy.startPersistent(1));
        assertThat(durable.topology("t", "r").subscribers()).hasSize(2);
        assertThatThrownBy(durable::measure).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("durable needs --qos 1 or 2");
    }

    @Test
    void aSoakRunsTenMinutesOfMixedTrafficByDefault() {
        SoakCommand soak = parse("soak");

        assertThat(soak.duration).isEqualTo(Duration.ofMinutes(10));
        assertThat(soak.publishers).isEqualTo(6);
        assertThat(soak.rate).isEqualTo(500);
        assertThat(soak.subscribers).isEqualTo(3);
        assertThat(soak.sharedPublishers).isEqualTo(2);
        assertThat(soak.churnInterval).isEqualTo(Duration.ofSeconds(30));
        assertThat(soak.offline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(soak.sessionExpiry).isEqualTo(Duration.ofMinutes(5));
        assertThat(soak.drain).isEqualTo(Duration.ofSeconds(10));
        assertThat(soak.maxRssGrowth).isEqualTo(1.5);
        assertThat(soak.sampleInterval).isEqualTo(Duration.ofSeconds(10));
        assertThat(soak.broker().mqttVersion()).isEqualTo(MqttVersion.V5);
    }

    @Test
    void aSoakMustComeBackFromEachChurnBeforeTheNextOne() {
        SoakCommand soak = parse("soak", "--churn-interval", "3s", "--offline", "5s");

        assertThatThrownBy(soak::soak).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--offline (5000 ms) must be shorter than --churn-interval (3000 ms)");
        assertThat(ScenarioOptionsTest.<SoakCommand>parse("soak", "--churn-interval", "3s").offline())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void durationsAcceptTheUsualUnits() {
        assertThat(ScenarioOptionsTest.<FanInCommand>parse("fan-in", "--duration", "500ms").traffic().duration()).isEqualTo(Duration.ofMillis(500));
        assertThat(ScenarioOptionsTest.<FanInCommand>parse("fan-in", "--duration", "2m").traffic().duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(ScenarioOptionsTest.<FanInCommand>parse("fan-in", "--duration", "1.5").traffic().duration()).isEqualTo(Duration.ofMillis(1500));
        assertThatThrownBy(() -> parse("fan-in", "--duration", "soon"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("not a duration");
    }

    @Test
    void qosOutsideZeroToTwoIsRejected() {
        assertThatThrownBy(() -> parse("fan-in", "--qos", "3"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("QoS must be 0, 1 or 2");
    }

    @Test
    void onlyMqtt3And5AreAccepted() {
        assertThat(ScenarioOptionsTest.<PairsCommand>parse("pairs", "--mqtt-version", "3.1.1").broker().mqttVersion()).isEqualTo(MqttVersion.V3);
        assertThat(ScenarioOptionsTest.<PairsCommand>parse("pairs", "--mqtt-version", "5").broker().mqttVersion()).isEqualTo(MqttVersion.V5);
        assertThatThrownBy(() -> parse("pairs", "--mqtt-version", "4"))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("3 or 5");
    }

    @Test
    void crossNodeNeedsTheSubscriberPortAndDefaultsToTheSameHost() {
        assertThatThrownBy(() -> parse("cross-node")).isInstanceOf(CommandLine.MissingParameterException.class);

        CrossNodeCommand crossNode = parse("cross-node", "--port", "1883", "--sub-port", "1884");
        assertThat(crossNode.subscribeEndpoint()).isEqualTo(new Endpoint("127.0.0.1", 1884));
        assertThat(crossNode.target()).isEqualTo("127.0.0.1:1883 -> 127.0.0.1:1884");
    }

    @Test
    void theTopologiesWireReceiversToTheRightPublishers() {
        Endpoint broker = new Endpoint("127.0.0.1", 1883);

        Topology fanIn = Topology.fanIn(3, broker, "t");
        assertThat(fanIn.publishers()).hasSize(3);
        assertThat(fanIn.receivers()).containsExactly(java.util.Set.of(0, 1, 2));

        Topology pairs = Topology.pairs(2, broker, "t");
        assertThat(pairs.subscribers()).extracting(Topology.SubscriberPlan::topicFilter).containsExactly("t/0", "t/1");
        assertThat(pairs.receivers()).containsExactly(java.util.Set.of(0), java.util.Set.of(1));

        Topology shared = Topology.shared(1, 3, "g", broker, "t");
        assertThat(shared.subscribers()).extracting(Topology.SubscriberPlan::topicFilter).containsOnly("$share/g/t");
        assertThat(shared.subscribers()).extracting(Topology.SubscriberPlan::receiver).containsOnly(0);
        assertThat(shared.receivers()).hasSize(1);
    }

    @Test
    void helpListsEveryScenarioAndCompare() {
        StringWriter help = new StringWriter();
        CommandLine commandLine = KinBench.commandLine();
        commandLine.setOut(new PrintWriter(help));

        assertThat(commandLine.execute("--help")).isZero();
        assertThat(help.toString()).contains("fan-in", "fan-out", "pairs", "shared", "conn-storm", "idle",
                "persistent", "durable", "cross-node", "soak", "compare");
    }

    @SuppressWarnings("unchecked")
    private static <T> T parse(String... args) {
        CommandLine.ParseResult result = KinBench.commandLine().parseArgs(args);
        return (T) result.subcommand().commandSpec().userObject();
    }
}

package io.kin.broker.bridge;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.kin.testkit.MosquittoProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The remote-MQTT bridge against a private Mosquitto process on a free port. */
class MqttBridgeTest {

    static Vertx vertx;
    Bridges bridges;
    MosquittoProcess mosquitto;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void newRegistry() {
        bridges = new Bridges(vertx, new SimpleMeterRegistry(), "test-node", 1000);
    }

    @AfterEach
    void stopAll() throws Exception {
        bridges.closeAll().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    Mqtt3BlockingClient client(String id, String username, String password) {
        var builder = MqttClient.builder().useMqttVersion3().identifier(id).serverHost("127.0.0.1")
                .serverPort(mosquitto.port());
        if (username != null) {
            builder = builder.simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        return builder.buildBlocking();
    }

    Bridge bridge(String name, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("host", "127.0.0.1");
        settings.put("port", Integer.toString(mosquitto.port()));
        bridges.put(BridgeConfig.of(name, BridgeType.MQTT, settings)
                .withRetries(100, Duration.ofMillis(50), Duration.ofMillis(300)));
        return bridges.get(name).orElseThrow();
    }

    static String text(Mqtt3Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void publishesToTheRemoteBrokerWithCredentialsQosAndRetain() throws Exception {
        mosquitto = MosquittoProcess.start("bridge-user", "bridge-pass");
        Mqtt3BlockingClient sub = client("sub", "bridge-user", "bridge-pass");
        sub.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("kin/bridge/#").qos(MqttQos.EXACTLY_ONCE).send();
            Bridge b = bridge("remote", Map.of("username", "bridge-user", "password", "bridge-pass",
                    "topic", "kin/bridge/default", "qos", "1"));

            b.send(BridgeRecord.of("first".getBytes(StandardCharsets.UTF_8)));
            b.send(BridgeRecord.of("kin/bridge/other", "second".getBytes(StandardCharsets.UTF_8)).withQos(2, false));

            Mqtt3Publish first = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            Mqtt3Publish second = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(List.of(first.getTopic().toString() + "=" + text(first), second.getTopic() + "=" + text(second)))
                    .containsExactlyInAnyOrder("kin/bridge/default=first", "kin/bridge/other=second");
            Mqtt3Publish qos2 = first.getTopic().toString().equals("kin/bridge/other") ? first : second;
            assertThat(qos2.getQos()).isEqualTo(MqttQos.EXACTLY_ONCE);
            BridgeStatus s = Eventually.status(b, "both acknowledged", st -> st.sent() == 2);
            assertThat(s.state()).isEqualTo(BridgeState.CONNECTED);

            b.send(BridgeRecord.of("kin/bridge/kept", "retained".getBytes(StandardCharsets.UTF_8)).withQos(1, true));
            Eventually.status(b, "retained one acknowledged", st -> st.sent() == 3);
        } finally {
            sub.disconnect();
        }
        Mqtt3BlockingClient late = client("late", "bridge-user", "bridge-pass");
        late.connect();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter("kin/bridge/kept").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt3Publish kept = publishes.receive(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(kept.isRetain()).isTrue();
            assertThat(text(kept)).isEqualTo("retained");
        } finally {
            late.disconnect();
        }
    }

    @Test
    void refusedCredentialsLeaveTheBridgeDisconnectedWithTheReason() throws Exception {
        mosquitto = MosquittoProcess.start("bridge-user", "bridge-pass");
        Bridge b = bridge("refused", Map.of("username", "bridge-user", "password", "wrong", "topic", "t"));

        assertThat(b.send(BridgeRecord.of("x".getBytes(StandardCharsets.UTF_8)))).isEqualTo(SendResult.ACCEPTED);

        BridgeStatus s = Eventually.status(b, "disconnected", st -> st.state() == BridgeState.DISCONNECTED);
        assertThat(s.lastError()).startsWith("cannot connect to MQTT broker 127.0.0.1:" + mosquitto.port());
        assertThat(s.depth()).as("kept for when the credentials work").isEqualTo(1);
    }

    @Test
    void reconnectsWhenTheRemoteBrokerIsBackAndDrainsTheBuffer() throws Exception {
        mosquitto = MosquittoProcess.start(null, null);
        // a persistent subscriber, offline: Mosquitto keeps its messages (on disk across the restart)
        Mqtt3BlockingClient sub = client("offline-sub", null, null);
        sub.connectWith().cleanSession(false).send();
        sub.subscribeWith().topicFilter("kin/restart").qos(MqttQos.AT_LEAST_ONCE).send();
        sub.disconnect();
        Bridge b = bridge("restart", Map.of("topic", "kin/restart", "qos", "1"));
        b.send(BridgeRecord.of("before".getBytes(StandardCharsets.UTF_8)));
        Eventually.status(b, "first acknowledged", st -> st.sent() == 1);

        mosquitto.stop();
        Eventually.status(b, "connection loss noticed", st -> st.state() == BridgeState.DISCONNECTED);
        for (int i = 0; i < 10; i++) {
            assertThat(b.send(BridgeRecord.of(("while-down-" + i).getBytes(StandardCharsets.UTF_8))))
                    .isEqualTo(SendResult.ACCEPTED);
        }
        assertThat(b.status().depth()).isEqualTo(10);
        mosquitto.startAgain();

        BridgeStatus s = Eventually.status(b, "buffer drained", st -> st.sent() == 11);
        assertThat(s.state()).isEqualTo(BridgeState.CONNECTED);
        assertThat(s.depth()).isZero();
        assertThat(s.lastError()).as("from the outage").isNotNull();
        List<String> got = new ArrayList<>();
        try (Mqtt3BlockingClient.Mqtt3Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.connectWith().cleanSession(false).send();
            Optional<Mqtt3Publish> p;
            while (got.size() < 11 && (p = publishes.receive(10, TimeUnit.SECONDS)).isPresent()) {
                got.add(text(p.get()));
            }
        } finally {
            sub.disconnect();
        }
        assertThat(got).hasSize(11).contains("before", "while-down-0", "while-down-9");
    }
}

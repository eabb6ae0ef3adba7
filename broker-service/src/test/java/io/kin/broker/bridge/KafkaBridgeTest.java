package io.kin.broker.bridge;

import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeType;
import io.kin.testkit.KafkaResource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The Kafka bridge against a real in-process KRaft broker ({@link KafkaResource}). */
class KafkaBridgeTest {

    static Vertx vertx;
    static String servers;
    SimpleMeterRegistry registry;
    Bridges bridges;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        servers = KafkaResource.bootstrapServers();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void newRegistry() {
        registry = new SimpleMeterRegistry();
        bridges = new Bridges(vertx, registry, "test-node", 1000);
    }

    @AfterEach
    void closeAll() throws Exception {
        bridges.closeAll().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    static String newTopic() throws Exception {
        String topic = "bridge-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaResource.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        return topic;
    }

    static List<ConsumerRecord<String, String>> read(String topic, int count) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition p = new TopicPartition(topic, 0);
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            List<ConsumerRecord<String, String>> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (got.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(got::add);
            }
            return got;
        }
    }

    @Test
    void deliversKeyValueAndHeadersToTheTopic() throws Exception {
        String topic = newTopic();
        bridges.put(BridgeConfig.of("events", BridgeType.KAFKA, Map.of("bootstrap-servers", servers, "topic", topic,
                "acks", "all", "linger-ms", "20", "batch-size", "32768")));
        Bridge b = bridges.get("events").orElseThrow();

        for (int i = 0; i < 3; i++) {
            assertThat(b.send(BridgeRecord.of(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8))
                    .withKey("device-" + i).withHeaders(Map.of("rule", "r" + i)))).isEqualTo(SendResult.ACCEPTED);
        }

        List<ConsumerRecord<String, String>> got = read(topic, 3);
        assertThat(got).extracting(ConsumerRecord::key).containsExactly("device-0", "device-1", "device-2");
        assertThat(got).extracting(ConsumerRecord::value).containsExactly("{\"n\":0}", "{\"n\":1}", "{\"n\":2}");
        assertThat(new String(got.get(1).headers().lastHeader("rule").value(), StandardCharsets.UTF_8)).isEqualTo("r1");
        BridgeStatus s = Eventually.status(b, "all sent", st -> st.sent() == 3);
        assertThat(s.state()).isEqualTo(BridgeState.CONNECTED);
        assertThat(registry.get("kin.bridge.sent").tag("bridge", "events").counter().count()).isEqualTo(3.0);
    }

    @Test
    void recordTargetChoosesTheTopic() throws Exception {
        String topic = newTopic();
        bridges.put(BridgeConfig.of("any-topic", BridgeType.KAFKA, Map.of("bootstrap-servers", servers)));

        bridges.send("any-topic", BridgeRecord.of(topic, "hello".getBytes(StandardCharsets.UTF_8)));

        assertThat(read(topic, 1)).extracting(ConsumerRecord::value).containsExactly("hello");
    }

    @Test
    void kafkaAtAClosedPortNeverBlocksSendAndDropsTheOverflow() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        bridges.put(BridgeConfig.of("nowhere", BridgeType.KAFKA, Map.of("bootstrap-servers", "127.0.0.1:" + port,
                "topic", "t", "timeout-ms", "500")).withBufferSize(5));
        Bridge b = bridges.get("nowhere").orElseThrow();

        long start = System.nanoTime();
        List<SendResult> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(b.send(BridgeRecord.of(new byte[]{(byte) i})));
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        // a blocking send would wait the 500 ms timeout at least once
        assertThat(tookMs).as("20 sends in ms").isLessThan(250);
        // nothing leaves the buffer before the cluster has answered once
        assertThat(results.subList(0, 5)).containsOnly(SendResult.ACCEPTED);
        assertThat(results.subList(5, 20)).containsOnly(SendResult.DROPPED_BUFFER_FULL);
        BridgeStatus s = Eventually.status(b, "disconnected", st -> st.state() == BridgeState.DISCONNECTED);
        assertThat(s.lastError()).startsWith("Kafka at 127.0.0.1:" + port + " did not answer");
        assertThat(s.depth()).isEqualTo(5);
        assertThat(s.dropped()).isEqualTo(15);
        assertThat(registry.get("kin.bridge.dropped").tags("bridge", "nowhere", "reason", "buffer_full").counter()
                .count()).isEqualTo(15.0);
    }
}

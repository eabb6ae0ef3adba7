package io.kin.broker.durability;

import io.kin.testkit.BrokerNodeProcess;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import io.kin.embedded.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "A message the broker acknowledged is never lost": the packaged broker runs as its own process against its own
 * embedded PostgreSQL; the tests kill it with SIGKILL (or stop it) mid-traffic and start it again.
 */
class DurabilityIT {

    @TempDir
    static Path dir;

    static EmbeddedDatabase db;
    static int dbPort;
    BrokerNodeProcess broker;

    @BeforeAll
    static void database() throws Exception {
        dbPort = BrokerNodeProcess.freePort();
        db = EmbeddedDatabase.startPersistent(dir.resolve("pg"), dbPort);
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void startBroker() throws Exception {
        broker = new BrokerNodeProcess(new java.io.File("target/quarkus-app/quarkus-run.jar"), "durability-node",
                db.url(), "postgres", "postgres",
                Path.of("target", "durability-broker.log"), Map.of());
        broker.start();
    }

    @AfterEach
    void stopBroker() throws Exception {
        broker.close();
    }

    private Mqtt5ClientBuilder client(String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(broker.mqttPort());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] seq(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }

    private static int seq(Mqtt5Publish p) {
        return p.getPayload().orElseThrow().duplicate().getInt();
    }

    private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static boolean succeeded(Mqtt5PublishResult r) {
        return r.getError().isEmpty();
    }

    /** A blocking QoS 1 publish; false when the broker refused it (the blocking API throws on an error code). */
    private static boolean acknowledged(Mqtt5BlockingClient c, String topic, byte[] payload) {
        try {
            return succeeded(c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send());
        } catch (com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException e) {
            return false;
        }
    }

    /** First occurrences of each sequence number, in arrival order. */
    private static List<Integer> firstOccurrences(List<Integer> received) {
        Set<Integer> seen = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        for (int s : received) {
            if (seen.add(s)) {
                order.add(s);
            }
        }
        return order;
    }

    /**
     * A persistent subscriber (automatic reconnect, so its own QoS 2 state survives) and a publisher streaming
     * {@code count} messages; the broker is killed with SIGKILL half way and started again.
     */
    private void streamThroughAKill(MqttQos qos, int count, List<Integer> received, Set<Integer> acknowledged)
            throws Exception {
        String topic = unique("durable/stream");
        Mqtt5AsyncClient subscriber = client(unique("durable-sub")).automaticReconnect()
                .initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS).applyAutomaticReconnect()
                .buildAsync();
        subscriber.publishes(MqttGlobalPublishFilter.ALL, p -> received.add(seq(p)));
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(3600).send().get(10, TimeUnit.SECONDS);
        subscriber.subscribeWith().topicFilter(topic).qos(qos).send().get(10, TimeUnit.SECONDS);

        Mqtt5AsyncClient publisher = client(unique("durable-pub")).buildAsync();
        publisher.connect().get(10, TimeUnit.SECONDS);
        List<CompletableFuture<Mqtt5PublishResult>> sends = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            sends.add(publisher.publishWith().topic(topic).qos(qos).payload(seq(i)).send()
                    .whenComplete((r, e) -> {
                        if (e == null && succeeded(r)) {
                            acknowledged.add(n);
                        }
                    }));
            if (i == count / 2) {
                await(() -> acknowledged.size() > count / 4, Duration.ofSeconds(20));
                broker.kill();
                break;
            }
        }
        assertThat(acknowledged).as("some messages were acknowledged before the kill").isNotEmpty();
        broker.start();
        // Everything acknowledged may already have arrived before the kill: wait for the reconnect as well, so the
        // session is back (and the disconnect below has a connection to close).
        await(() -> subscriber.getState().isConnected() && received.containsAll(acknowledged), Duration.ofSeconds(60));
        assertThat(subscriber.getState().isConnected()).as("subscriber reconnected after the restart").isTrue();
        subscriber.disconnectWith().sessionExpiryInterval(0).send().get(10, TimeUnit.SECONDS);
        publisher.disconnect();
    }

    @Test
    @DisplayName("kill -9 during a QoS 1 stream to a persistent session: every acknowledged message arrives, in order")
    void acknowledgedQos1MessagesSurviveAKill() throws Exception {
        List<Integer> received = new CopyOnWriteArrayList<>();
        Set<Integer> acknowledged = new ConcurrentSkipListSet<>();
        streamThroughAKill(MqttQos.AT_LEAST_ONCE, 4000, received, acknowledged);

        assertThat(received).containsAll(acknowledged);
        assertThat(firstOccurrences(received)).as("in order per publisher").isSorted();
    }

    @Test
    @DisplayName("kill -9 during a QoS 2 stream to a persistent session: every acknowledged message arrives exactly once")
    void acknowledgedQos2MessagesSurviveAKillExactlyOnce() throws Exception {
        List<Integer> received = new CopyOnWriteArrayList<>();
        Set<Integer> acknowledged = new ConcurrentSkipListSet<>();
        streamThroughAKill(MqttQos.EXACTLY_ONCE, 3000, received, acknowledged);

        assertThat(received).containsAll(acknowledged);
        assertThat(received).as("exactly once").doesNotHaveDuplicates();
        assertThat(received).as("in order per publisher").isSorted();
    }

    @Test
    @DisplayName("an offline persistent session collects messages; after a kill -9 and restart it gets them all")
    void offlineSessionKeepsItsQueueThroughACrash() throws Exception {
        String id = unique("offline");
        String topic = unique("durable/offline");
        Mqtt5BlockingClient subscriber = client(id).buildBlocking();
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        subscriber.disconnect();

        Mqtt5BlockingClient publisher = client(unique("offline-pub")).buildBlocking();
        publisher.connect();
        for (int i = 0; i < 200; i++) {
            assertThat(succeeded(publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(seq(i))
                    .send())).isTrue();
        }
        publisher.disconnect();
        broker.kill();
        broker.start();

        Mqtt5BlockingClient back = client(id).buildBlocking();
        List<Integer> received = new ArrayList<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(3600).send().isSessionPresent())
                    .as("session present after the crash").isTrue();
            Optional<Mqtt5Publish> p;
            while (received.size() < 200 && (p = publishes.receive(10, TimeUnit.SECONDS)).isPresent()) {
                received.add(seq(p.get()));
            }
        }
        assertThat(firstOccurrences(received)).hasSize(200).isSorted();
        back.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    @DisplayName("a delayed publish waits through a restart and is published after it")
    void delayedPublishSurvivesARestart() throws Exception {
        String topic = unique("durable/delayed");
        // the subscriber's persistent session gets the message whenever it goes out: at its time if the broker is
        // back by then, or at once on start-up if the restart took longer than the delay
        String subscriberId = unique("delayed-sub");
        Mqtt5BlockingClient subscriber = client(subscriberId).buildBlocking();
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        subscriber.disconnect();
        Mqtt5BlockingClient publisher = client(unique("delayed-pub")).buildBlocking();
        publisher.connect();
        assertThat(succeeded(publisher.publishWith().topic("$delayed/4/" + topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload("later".getBytes(StandardCharsets.UTF_8)).send())).isTrue();
        publisher.disconnect();
        broker.kill();
        broker.start();

        Mqtt5BlockingClient back = client(subscriberId).buildBlocking();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(300).send().isSessionPresent())
                    .isTrue();
            Optional<Mqtt5Publish> p = publishes.receive(15, TimeUnit.SECONDS);
            assertThat(p).as("published after the restart").isPresent();
            assertThat(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("later");
            assertThat(publishes.receive(1, TimeUnit.SECONDS)).as("once").isEmpty();
        }
        back.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    @DisplayName("retained set, replace and delete survive a kill -9")
    void retainedChangesSurviveACrash() throws Exception {
        String kept = unique("durable/retained-kept");
        String replaced = unique("durable/retained-replaced");
        String deleted = unique("durable/retained-deleted");
        Mqtt5BlockingClient publisher = client(unique("retained-pub")).buildBlocking();
        publisher.connect();
        publish(publisher, kept, "one");
        publish(publisher, replaced, "old");
        publish(publisher, replaced, "new");
        publish(publisher, deleted, "gone soon");
        publish(publisher, deleted, "");
        publisher.disconnect();
        broker.kill();
        broker.start();

        assertThat(retainedPayload(kept)).contains("one");
        assertThat(retainedPayload(replaced)).contains("new");
        assertThat(retainedPayload(deleted)).isEmpty();
    }

    private static void publish(Mqtt5BlockingClient c, String topic, String payload) {
        assertThat(succeeded(c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(payload.getBytes(StandardCharsets.UTF_8)).send())).isTrue();
    }

    private Optional<String> retainedPayload(String topic) throws Exception {
        Mqtt5BlockingClient c = client(unique("retained-read")).buildBlocking();
        c.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = c.publishes(MqttGlobalPublishFilter.ALL)) {
            c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            return publishes.receive(2, TimeUnit.SECONDS)
                    .map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
        } finally {
            c.disconnect();
        }
    }

    @Test
    @DisplayName("session expiry holds across a restart: a short session is gone, a long one is present")
    void sessionExpiryHoldsAcrossARestart() throws Exception {
        String shortLived = unique("expiry-short");
        String longLived = unique("expiry-long");
        for (String[] s : new String[][]{{shortLived, "2"}, {longLived, "600"}}) {
            Mqtt5BlockingClient c = client(s[0]).buildBlocking();
            c.connectWith().cleanStart(true).sessionExpiryInterval(Long.parseLong(s[1])).send();
            c.subscribeWith().topicFilter("durable/expiry/" + s[0]).qos(MqttQos.AT_LEAST_ONCE).send();
            c.disconnect();
        }
        broker.stop();
        Thread.sleep(3_000);
        broker.start();

        Mqtt5BlockingClient s = client(shortLived).buildBlocking();
        assertThat(s.connectWith().cleanStart(false).sessionExpiryInterval(0).send().isSessionPresent())
                .as("expired while the broker was down").isFalse();
        s.disconnect();
        Mqtt5BlockingClient l = client(longLived).buildBlocking();
        assertThat(l.connectWith().cleanStart(false).sessionExpiryInterval(0).send().isSessionPresent())
                .as("still within its expiry").isTrue();
        l.disconnect();
    }

    @Test
    @DisplayName("message expiry holds across a restart: a queued message that expired meanwhile is not delivered")
    void messageExpiryHoldsAcrossARestart() throws Exception {
        String id = unique("msg-expiry");
        String topic = unique("durable/msg-expiry");
        Mqtt5BlockingClient subscriber = client(id).buildBlocking();
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        subscriber.disconnect();

        Mqtt5BlockingClient publisher = client(unique("msg-expiry-pub")).buildBlocking();
        publisher.connect();
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(2)
                .payload("short".getBytes(StandardCharsets.UTF_8)).send();
        publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).messageExpiryInterval(600)
                .payload("long".getBytes(StandardCharsets.UTF_8)).send();
        publisher.disconnect();
        broker.stop();
        Thread.sleep(3_000);
        broker.start();

        Mqtt5BlockingClient back = client(id).buildBlocking();
        List<String> got = new ArrayList<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
            back.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
            Optional<Mqtt5Publish> p;
            while ((p = publishes.receive(3, TimeUnit.SECONDS)).isPresent()) {
                got.add(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(got).containsExactly("long");
        back.disconnect();
    }

    @Test
    @DisplayName("PostgreSQL stopped mid-traffic: nothing acknowledged is lost, the broker reports unhealthy, "
            + "refuses durable publishes, keeps QoS 0 flowing and recovers by itself")
    void databaseOutageRefusesWhatCannotBeStoredAndRecovers() throws Exception {
        String id = unique("outage-sub");
        String topic = unique("durable/outage");
        String liveTopic = unique("durable/outage-live");
        Mqtt5BlockingClient subscriber = client(id).buildBlocking();
        subscriber.connectWith().cleanStart(true).sessionExpiryInterval(3600).send();
        subscriber.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        subscriber.disconnect();

        Mqtt5BlockingClient live = client(unique("outage-live")).buildBlocking();
        live.connect();
        Mqtt5BlockingClient.Mqtt5Publishes livePublishes = live.publishes(MqttGlobalPublishFilter.ALL);
        live.subscribeWith().topicFilter(liveTopic).qos(MqttQos.AT_MOST_ONCE).send();

        Mqtt5BlockingClient publisher = client(unique("outage-pub")).buildBlocking();
        publisher.connect();
        Set<Integer> acknowledged = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            if (acknowledged(publisher, topic, seq(i))) {
                acknowledged.add(i);
            }
        }
        assertThat(acknowledged).hasSize(50);

        db.close(); // PostgreSQL goes away
        try {
            int refused = 0;
            for (int i = 50; i < 60; i++) {
                if (acknowledged(publisher, topic, seq(i))) {
                    acknowledged.add(i);
                } else {
                    refused++;
                }
            }
            assertThat(refused).as("durable publishes refused while the database is down").isPositive();
            await(() -> broker.status("/q/health/ready") == 503, Duration.ofSeconds(20));
            assertThat(broker.status("/q/health/ready")).as("unhealthy").isEqualTo(503);

            publisher.publishWith().topic(liveTopic).qos(MqttQos.AT_MOST_ONCE).payload(seq(7)).send();
            assertThat(livePublishes.receive(5, TimeUnit.SECONDS)).as("QoS 0 to a clean session still flows")
                    .isPresent();

            Mqtt5BlockingClient clean = client(unique("outage-clean")).buildBlocking();
            assertThat(clean.connectWith().cleanStart(true).sessionExpiryInterval(0).send().getReasonCode())
                    .as("a clean session still connects").isEqualTo(Mqtt5ConnAckReasonCode.SUCCESS);
            clean.disconnect();
            Mqtt5BlockingClient persistent = client(unique("outage-persistent")).buildBlocking();
            try {
                persistent.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
                throw new AssertionError("a persistent session was accepted without a store");
            } catch (Mqtt5ConnAckException e) {
                assertThat(e.getMqttMessage().getReasonCode()).as("persistent session refused")
                        .isEqualTo(Mqtt5ConnAckReasonCode.SERVER_UNAVAILABLE);
            }
        } finally {
            db = EmbeddedDatabase.startPersistent(dir.resolve("pg"), dbPort); // and comes back
        }
        await(() -> broker.status("/q/health/ready") == 200, Duration.ofSeconds(60));
        assertThat(broker.status("/q/health/ready")).as("recovered by itself").isEqualTo(200);

        boolean storedAgain = false;
        for (int attempt = 0; attempt < 50 && !storedAgain; attempt++) {
            storedAgain = acknowledged(publisher, topic, seq(1000));
            if (!storedAgain) {
                Thread.sleep(200);
            } else {
                acknowledged.add(1000);
            }
        }
        assertThat(storedAgain).as("durable publishes accepted again").isTrue();
        publisher.disconnect();
        livePublishes.close();
        live.disconnect();

        Mqtt5BlockingClient back = client(id).buildBlocking();
        Set<Integer> received = new HashSet<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
            back.connectWith().cleanStart(false).sessionExpiryInterval(0).send();
            Optional<Mqtt5Publish> p;
            while (!received.containsAll(acknowledged) && (p = publishes.receive(10, TimeUnit.SECONDS)).isPresent()) {
                received.add(seq(p.get()));
            }
        }
        assertThat(received).as("nothing acknowledged is lost").containsAll(acknowledged);
        back.disconnect();
    }
}

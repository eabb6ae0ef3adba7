package io.kin.broker.sys;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
@TestProfile(SysTopicsTests.SysEnabled.class)
class SysTopicsTests {

    public static class SysEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kin.sys.enabled", "true", "kin.sys.interval", "1", "kin.node.id", "sys-node");
        }
    }

    private static final java.util.List<String> REQUIRED = java.util.List.of("$SYS/broker/version",
            "$SYS/broker/uptime", "$SYS/broker/clients/connected", "$SYS/broker/clients/disconnected",
            "$SYS/broker/clients/total", "$SYS/broker/clients/maximum", "$SYS/broker/messages/received",
            "$SYS/broker/messages/sent", "$SYS/broker/messages/stored", "$SYS/broker/publish/messages/dropped",
            "$SYS/broker/subscriptions/count", "$SYS/broker/retained messages/count",
            "$SYS/broker/load/messages/received/1min");

    @Inject
    BrokerPorts broker;

    @Inject
    io.vertx.sqlclient.Pool pool;

    @Inject
    io.kin.broker.rules.RuleEngine rules;

    /** Waits until the latest value seen reaches {@code expected}; $SYS refreshes every second. */
    private static String await(AtomicReference<String> latest, String expected) throws InterruptedException {
        for (int i = 0; i < 100 && !expected.equals(latest.get()); i++) {
            Thread.sleep(100);
        }
        return latest.get();
    }

    @Test
    void mosquittoCompatibleTreeIsPublishedRetained() throws Exception {
        Mqtt5BlockingClient client = broker.v5Blocking(BrokerPorts.uniqueId("sys"));
        client.connect();
        Map<String, String> seen = new HashMap<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = client.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter("$SYS/broker/#").qos(MqttQos.AT_MOST_ONCE).send();
            long deadline = System.currentTimeMillis() + 10_000;
            while (!seen.keySet().containsAll(REQUIRED) && System.currentTimeMillis() < deadline) {
                publishes.receive(1, TimeUnit.SECONDS).ifPresent(p -> {
                    assertThat(p.isRetain()).as("retained on subscribe: %s", p.getTopic()).isTrue();
                    seen.put(p.getTopic().toString(), new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
                });
            }
        }
        assertThat(seen).containsKeys(REQUIRED.toArray(String[]::new));
        client.disconnect();
        assertThat(seen.get("$SYS/broker/uptime")).endsWith(" seconds");
        assertThat(seen.get("$SYS/broker/version")).startsWith("kin-mqtt");
    }

    @Test
    void connectedClientsCounterFollowsRealClients() throws Exception {
        AtomicReference<String> latest = new AtomicReference<>();
        Mqtt5AsyncClient watcher = broker.v5(BrokerPorts.uniqueId("sys-watch")).buildAsync();
        watcher.connect().get(5, TimeUnit.SECONDS);
        watcher.subscribeWith().topicFilter("$SYS/broker/clients/connected").qos(MqttQos.AT_MOST_ONCE)
                .callback(p -> latest.set(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().get(5, TimeUnit.SECONDS);
        // only the watcher is connected once the retained value has caught up
        assertThat(await(latest, "1")).isEqualTo("1");
        Mqtt5BlockingClient extra = broker.v5Blocking(BrokerPorts.uniqueId("sys-extra"));
        extra.connect();
        assertThat(await(latest, "2")).isEqualTo("2");
        extra.disconnect();
        assertThat(await(latest, "1")).isEqualTo("1");
        watcher.disconnect().get(5, TimeUnit.SECONDS);
    }

    @Test
    @org.junit.jupiter.api.DisplayName("kin.sys.interval sets the period: with 1 s, consecutive publications of a "
            + "figure come about 1 s apart (not the default 10 s)")
    void publicationsFollowTheConfiguredInterval() throws Exception {
        java.util.concurrent.BlockingQueue<Long> arrivals = new java.util.concurrent.LinkedBlockingQueue<>();
        Mqtt5AsyncClient client = broker.v5(BrokerPorts.uniqueId("sys-interval")).buildAsync();
        client.connect().get(5, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter("$SYS/broker/uptime").qos(MqttQos.AT_MOST_ONCE)
                .retainHandling(com.hivemq.client.mqtt.mqtt5.message.subscribe.Mqtt5RetainHandling.DO_NOT_SEND)
                .callback(p -> arrivals.add(System.nanoTime())).send().get(5, TimeUnit.SECONDS);
        try {
            Long previous = arrivals.poll(3, TimeUnit.SECONDS);
            assertThat(previous).as("a first live publication").isNotNull();
            for (int i = 0; i < 3; i++) {
                Long next = arrivals.poll(3, TimeUnit.SECONDS);
                assertThat(next).as("publication %d", i + 2).isNotNull();
                long gapMs = TimeUnit.NANOSECONDS.toMillis(next - previous);
                assertThat(gapMs).as("gap between two publications").isBetween(600L, 1_600L);
                previous = next;
            }
        } finally {
            client.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @org.junit.jupiter.api.DisplayName("$SYS/broker/load/messages/received/1min rises with the messages clients publish")
    void loadFigureReflectsTraffic() throws Exception {
        AtomicReference<String> latest = new AtomicReference<>();
        Mqtt5AsyncClient watcher = broker.v5(BrokerPorts.uniqueId("sys-load")).buildAsync();
        watcher.connect().get(5, TimeUnit.SECONDS);
        watcher.subscribeWith().topicFilter("$SYS/broker/load/messages/received/1min").qos(MqttQos.AT_MOST_ONCE)
                .callback(p -> latest.set(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().get(5, TimeUnit.SECONDS);
        try {
            for (int i = 0; i < 30 && latest.get() == null; i++) {
                Thread.sleep(100);
            }
            assertThat(latest.get()).as("a value").isNotNull();
            double before = Double.parseDouble(latest.get());
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("sys-load-pub"));
            pub.connect();
            for (int i = 0; i < 60; i++) {
                pub.publishWith().topic("sysload/t").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(("m" + i).getBytes(StandardCharsets.UTF_8)).send();
            }
            pub.disconnect();
            // 60 messages within a few samples raise the 1-minute average by about 60 per minute
            double after = before;
            for (int i = 0; i < 50 && after < before + 20; i++) {
                Thread.sleep(100);
                after = Double.parseDouble(latest.get());
            }
            assertThat(after).as("1-minute load after 60 publishes (was %s)", before).isGreaterThanOrEqualTo(before + 20);
        } finally {
            watcher.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void perNodeFiguresArePublishedUnderTheNodeName() throws Exception {
        AtomicReference<String> uptime = new AtomicReference<>("");
        Mqtt5AsyncClient client = broker.v5(BrokerPorts.uniqueId("sys-node")).buildAsync();
        client.connect().get(5, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter("$SYS/brokers/sys-node/uptime").qos(MqttQos.AT_MOST_ONCE)
                .callback(p -> uptime.set(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                .send().get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 50 && uptime.get().isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(uptime.get()).endsWith(" seconds");
        client.disconnect().get(5, TimeUnit.SECONDS);
    }

    @Test
    void brokerMetricsAreOnTheMetricsEndpoint() {
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("kin_clients_connected"))
                .body(containsString("kin_messages_received_total"))
                .body(containsString("kin_messages_dropped_total{reason=\"queue_full\"}"));
    }

    @Test
    void eachRulesCountersArePublishedPerNodeAndAsClusterTotals() throws Exception {
        pool.query("INSERT INTO kin_rule (id, name, sql, enabled, actions) VALUES ('sys-rule', 'sys-rule', "
                + "'SELECT payload.v AS v FROM \"sysrule/#\" WHERE v > 1', true, '[]'::jsonb)").execute()
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            rules.reload().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("sys-rule-pub"));
            pub.connect();
            for (String v : new String[]{"{\"v\": 1}", "{\"v\": 2}", "{\"v\": 3}"}) {
                pub.publishWith().topic("sysrule/a").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(v.getBytes(StandardCharsets.UTF_8)).send();
            }
            pub.disconnect();

            Map<String, AtomicReference<String>> latest = new java.util.concurrent.ConcurrentHashMap<>();
            Mqtt5AsyncClient watcher = broker.v5(BrokerPorts.uniqueId("sys-rule-watch")).buildAsync();
            watcher.connect().get(5, TimeUnit.SECONDS);
            watcher.subscribeWith().topicFilter("$SYS/+/+/rules/sys-rule/#").qos(MqttQos.AT_MOST_ONCE)
                    .callback(p -> latest.computeIfAbsent(p.getTopic().toString(), t -> new AtomicReference<>())
                            .set(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                    .send().get(5, TimeUnit.SECONDS);
            watcher.subscribeWith().topicFilter("$SYS/broker/rules/sys-rule/#").qos(MqttQos.AT_MOST_ONCE)
                    .callback(p -> latest.computeIfAbsent(p.getTopic().toString(), t -> new AtomicReference<>())
                            .set(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)))
                    .send().get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 100 && !"2".equals(value(latest, "$SYS/broker/rules/sys-rule/passed")); i++) {
                Thread.sleep(100);
            }
            watcher.disconnect();
            assertThat(value(latest, "$SYS/brokers/sys-node/rules/sys-rule/matched")).isEqualTo("3");
            assertThat(value(latest, "$SYS/broker/rules/sys-rule/matched")).isEqualTo("3");
            assertThat(value(latest, "$SYS/broker/rules/sys-rule/passed")).isEqualTo("2");
            assertThat(value(latest, "$SYS/broker/rules/sys-rule/failed")).isEqualTo("0");
        } finally {
            pool.query("DELETE FROM kin_rule WHERE id = 'sys-rule'").execute()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            rules.reload().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String value(Map<String, AtomicReference<String>> latest, String topic) {
        AtomicReference<String> ref = latest.get(topic);
        return ref == null ? null : ref.get();
    }
}

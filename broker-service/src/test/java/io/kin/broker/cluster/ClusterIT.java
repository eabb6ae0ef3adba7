package io.kin.broker.cluster;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeConfigJson;
import io.kin.rules.bridge.BridgeType;
import io.kin.testkit.BrokerNodeProcess;
import io.kin.embedded.EmbeddedDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Two broker nodes as processes on 127.0.0.1 forming a Hazelcast cluster over one PostgreSQL. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    @TempDir
    static Path dir;

    static EmbeddedDatabase db;
    static BrokerNodeProcess a;
    static BrokerNodeProcess b;

    @BeforeAll
    static void cluster() throws Exception {
        db = EmbeddedDatabase.startEphemeral(0);
        int hzA = BrokerNodeProcess.freePort();
        int hzB = BrokerNodeProcess.freePort();
        String members = "127.0.0.1:" + hzA + ",127.0.0.1:" + hzB;
        a = new BrokerNodeProcess(new java.io.File("target/quarkus-app/quarkus-run.jar"), "node-a", db.url(), "postgres",
                "postgres", Path.of("target", "cluster-node-a.log"), node("node-a", hzA, members));
        b = new BrokerNodeProcess(new java.io.File("target/quarkus-app/quarkus-run.jar"), "node-b", db.url(), "postgres",
                "postgres", Path.of("target", "cluster-node-b.log"), node("node-b", hzB, members));
        a.start();
        b.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (!(a.get("/q/health/ready").contains("node-a,node-b") && b.get("/q/health/ready").contains("node-a,node-b"))
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(a.get("/q/health/ready")).as("both nodes see each other").contains("node-a,node-b");
    }

    private static Map<String, String> node(String id, int hzPort, String members) {
        return Map.of("KIN_NODE_ID", id, "KIN_CLUSTER_ENABLED", "true", "KIN_CLUSTER_HOST", "127.0.0.1",
                "KIN_CLUSTER_PORT", Integer.toString(hzPort), "KIN_CLUSTER_MEMBERS", members,
                "KIN_STORE_CONFIG_POLL_MILLIS", "200", "KIN_SYS_ENABLED", "true", "KIN_SYS_INTERVAL", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static Mqtt5BlockingClient client(BrokerNodeProcess node, String id) {
        return MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(node.mqttPort()).buildBlocking();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Publishes probes from {@code from} until {@code publishes} sees one: the route has reached that node. */
    private static void awaitRoute(BrokerNodeProcess from, String topic, Mqtt5BlockingClient.Mqtt5Publishes publishes)
            throws Exception {
        Mqtt5BlockingClient probe = client(from, unique("probe"));
        probe.connect();
        try {
            for (int i = 0; i < 50; i++) {
                probe.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload("probe".getBytes()).send();
                Optional<Mqtt5Publish> p = publishes.receive(200, TimeUnit.MILLISECONDS);
                if (p.isPresent()) {
                    while (publishes.receive(300, TimeUnit.MILLISECONDS).isPresent()) {
                        // drain late probes
                    }
                    return;
                }
            }
            throw new AssertionError("route for " + topic + " never reached the other node");
        } finally {
            probe.disconnect();
        }
    }

    @Test
    @Order(0)
    @DisplayName("$SYS/broker/... reports cluster-wide totals, $SYS/brokers/{node}/... each node's own figures")
    void sysTopicsReportClusterTotalsAndPerNodeFigures() throws Exception {
        Map<String, String> latest = new java.util.concurrent.ConcurrentHashMap<>();
        com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient watcher = MqttClient.builder().useMqttVersion5()
                .identifier(unique("sys-watch")).serverHost("127.0.0.1").serverPort(a.mqttPort()).buildAsync();
        watcher.connect().get(10, TimeUnit.SECONDS);
        watcher.subscribeWith().topicFilter("$SYS/#").callback(p -> latest.put(p.getTopic().toString(),
                new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))).send().get(10, TimeUnit.SECONDS);
        Mqtt5BlockingClient onB = client(b, unique("sys-b"));
        onB.connect();
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline
                && !("2".equals(latest.get("$SYS/broker/clients/connected"))
                && "1".equals(latest.get("$SYS/brokers/node-a/clients/connected"))
                && "1".equals(latest.get("$SYS/brokers/node-b/clients/connected")))) {
            // an interval publishes these topics one after the other: wait until all three agree
            Thread.sleep(100);
        }
        assertThat(latest.get("$SYS/broker/clients/connected")).as("one client on each node").isEqualTo("2");
        assertThat(latest.get("$SYS/brokers/node-a/clients/connected")).isEqualTo("1");
        assertThat(latest.get("$SYS/brokers/node-b/clients/connected")).isEqualTo("1");
        onB.disconnect();
        watcher.disconnect().get(10, TimeUnit.SECONDS);
    }

    @Test
    @Order(1)
    @DisplayName("subscriber on node A, publisher on node B: QoS 0, 1 and 2 delivered once each")
    void crossNodeDeliveryOnceEachQos() throws Exception {
        String topic = unique("cluster/cross");
        Mqtt5BlockingClient sub = client(a, unique("cross-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.EXACTLY_ONCE).send();
            awaitRoute(b, topic, publishes);
            Mqtt5BlockingClient pub = client(b, unique("cross-pub"));
            pub.connect();
            for (MqttQos qos : MqttQos.values()) {
                pub.publishWith().topic(topic).qos(qos).payload(qos.name().getBytes(StandardCharsets.UTF_8)).send();
            }
            pub.disconnect();
            List<String> got = new ArrayList<>();
            Optional<Mqtt5Publish> p;
            while ((p = publishes.receive(3, TimeUnit.SECONDS)).isPresent()) {
                got.add(new String(p.get().getPayloadAsBytes(), StandardCharsets.UTF_8));
            }
            assertThat(got).containsExactlyInAnyOrder("AT_MOST_ONCE", "AT_LEAST_ONCE", "EXACTLY_ONCE");
        }
        sub.disconnect();
    }

    @Test
    @Order(2)
    @DisplayName("a shared group with members on A and B: each message to exactly one member, balanced")
    void sharedGroupIsBalancedAcrossNodes() throws Exception {
        String topic = unique("cluster/shared");
        String filter = "$share/workers/" + topic;
        Mqtt5BlockingClient onA = client(a, unique("worker-a"));
        Mqtt5BlockingClient onB = client(b, unique("worker-b"));
        onA.connect();
        onB.connect();
        Mqtt5BlockingClient.Mqtt5Publishes fromA = onA.publishes(MqttGlobalPublishFilter.ALL);
        Mqtt5BlockingClient.Mqtt5Publishes fromB = onB.publishes(MqttGlobalPublishFilter.ALL);
        onA.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        onB.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        Thread.sleep(1000); // both routes replicated
        Mqtt5BlockingClient pub = client(a, unique("shared-pub"));
        pub.connect();
        for (int i = 0; i < 100; i++) {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(ByteBuffer.allocate(4).putInt(i).array())
                    .send();
        }
        pub.disconnect();
        List<Integer> a1 = drain(fromA);
        List<Integer> b1 = drain(fromB);
        Set<Integer> all = new HashSet<>(a1);
        all.addAll(b1);
        assertThat(a1.size() + b1.size()).as("each message to exactly one member").isEqualTo(100);
        assertThat(all).hasSize(100);
        assertThat(a1.size()).as("balanced").isBetween(30, 70);
        fromA.close();
        fromB.close();
        onA.disconnect();
        onB.disconnect();
    }

    private static List<Integer> drain(Mqtt5BlockingClient.Mqtt5Publishes publishes) throws Exception {
        List<Integer> got = new ArrayList<>();
        Optional<Mqtt5Publish> p;
        while ((p = publishes.receive(2, TimeUnit.SECONDS)).isPresent()) {
            got.add(p.get().getPayload().orElseThrow().getInt());
        }
        return got;
    }

    @Test
    @Order(3)
    @DisplayName("the same client id on A then on B: A disconnects it with 0x8E, the session continues on B")
    void sessionTakeoverAcrossNodes() throws Exception {
        String id = unique("roamer");
        String topic = unique("cluster/takeover");
        java.util.concurrent.atomic.AtomicReference<Object> reason = new java.util.concurrent.atomic.AtomicReference<>();
        Mqtt5BlockingClient first = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(a.mqttPort()).addDisconnectedListener(ctx -> {
                    if (ctx.getCause() instanceof com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException d) {
                        reason.set(d.getMqttMessage().getReasonCode());
                    }
                }).buildBlocking();
        first.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        first.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient watcher = first.toAsync();
        Mqtt5BlockingClient second = client(b, id);
        boolean present = second.connectWith().cleanStart(false).sessionExpiryInterval(600).send().isSessionPresent();
        assertThat(present).as("session continues on B").isTrue();
        long deadline = System.currentTimeMillis() + 5000;
        while (watcher.getState().isConnected() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(watcher.getState().isConnected()).as("A closed the first connection").isFalse();
        assertThat(reason.get()).as("with reason 0x8E").isEqualTo(
                com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode.SESSION_TAKEN_OVER);
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = second.publishes(MqttGlobalPublishFilter.ALL)) {
            Mqtt5BlockingClient pub = client(a, unique("takeover-pub"));
            pub.connect();
            Thread.sleep(500); // the route moved with the session
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("after".getBytes()).send();
            pub.disconnect();
            Optional<Mqtt5Publish> p = publishes.receive(5, TimeUnit.SECONDS);
            assertThat(p).as("the subscription moved to B").isPresent();
        }
        second.disconnectWith().sessionExpiryInterval(0).send();
    }

    @Test
    @Order(3)
    @DisplayName("a persistent subscriber moves from A to B during a QoS 1 stream published on B: every acknowledged "
            + "message arrives")
    void noMessageIsLostWhileASessionMovesBetweenNodes() throws Exception {
        String id = unique("mover");
        String topic = unique("cluster/move");
        List<Integer> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        Set<Integer> acknowledged = new java.util.concurrent.ConcurrentSkipListSet<>();
        java.util.function.Consumer<Mqtt5Publish> collect = p -> received.add(ByteBuffer.wrap(p.getPayloadAsBytes()).getInt());
        com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient onA = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(a.mqttPort()).buildAsync();
        onA.publishes(MqttGlobalPublishFilter.ALL, collect);
        onA.connectWith().cleanStart(true).sessionExpiryInterval(600).send().get(10, TimeUnit.SECONDS);
        onA.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);

        com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient publisher = MqttClient.builder().useMqttVersion5()
                .identifier(unique("stream")).serverHost("127.0.0.1").serverPort(b.mqttPort()).buildAsync();
        publisher.connect().get(10, TimeUnit.SECONDS);
        // the route from B to A is in place once a probe (-1) arrives
        long routeDeadline = System.currentTimeMillis() + 10_000;
        while (!received.contains(-1) && System.currentTimeMillis() < routeDeadline) {
            publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.allocate(4).putInt(-1).array()).send().get(5, TimeUnit.SECONDS);
            Thread.sleep(100);
        }
        assertThat(received).as("route from B to the subscriber on A").contains(-1);

        int count = 3000;
        com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient onB = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(b.mqttPort()).buildAsync();
        onB.publishes(MqttGlobalPublishFilter.ALL, collect);
        List<java.util.concurrent.CompletableFuture<?>> sends = new ArrayList<>();
        java.util.concurrent.CompletableFuture<?> moved = null;
        for (int i = 0; i < count; i++) {
            int n = i;
            sends.add(publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(ByteBuffer.allocate(4).putInt(n).array()).send()
                    .whenComplete((r, e) -> {
                        if (e == null && r.getError().isEmpty()) {
                            acknowledged.add(n);
                        }
                    }));
            if (i == count / 4) {
                // the session moves while the stream goes on
                moved = onB.connectWith().cleanStart(false).sessionExpiryInterval(600).send();
            }
            if (i % 200 == 0) {
                Thread.sleep(20); // a steady stream, spread over the move
            }
        }
        for (java.util.concurrent.CompletableFuture<?> f : sends) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // refused publishes are not acknowledged, so not expected
            }
        }
        assertThat(moved).isNotNull();
        moved.get(10, TimeUnit.SECONDS);
        long deadline = System.currentTimeMillis() + 30_000;
        while (!received.containsAll(acknowledged) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Set<Integer> missing = new java.util.TreeSet<>(acknowledged);
        missing.removeAll(received);
        assertThat(acknowledged).as("the broker acknowledged the stream").hasSizeGreaterThan(count / 2);
        assertThat(missing).as("acknowledged but never delivered").isEmpty();
        onB.disconnectWith().sessionExpiryInterval(0).send().get(10, TimeUnit.SECONDS);
        publisher.disconnect();
    }

    @Test
    @Order(4)
    @DisplayName("an ACL rule changed in the database is enforced on every node within a second or two")
    void aclChangeTakesEffectOnEveryNode() throws Exception {
        String topic = unique("cluster/acl");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO mqtt_acl (username, client_id, action, topic_filter, allow, priority) "
                    + "VALUES (NULL, NULL, 'PUBLISH', '" + topic + "', false, 10)");
            s.execute("UPDATE kin_config_version SET version = version + 1 WHERE area = 'acl'");
        }
        Mqtt5BlockingClient pub = client(b, unique("acl-pub"));
        pub.connect();
        Mqtt5PubAckReasonCode code = Mqtt5PubAckReasonCode.SUCCESS;
        long deadline = System.currentTimeMillis() + 5000;
        while (code != Mqtt5PubAckReasonCode.NOT_AUTHORIZED && System.currentTimeMillis() < deadline) {
            try {
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("x".getBytes()).send();
                Thread.sleep(100);
            } catch (Mqtt5PubAckException e) {
                code = e.getMqttMessage().getReasonCode();
            }
        }
        assertThat(code).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        pub.disconnect();
    }

    @Test
    @Order(4)
    @DisplayName("a retained message set on A is delivered to a new subscriber on B, and once cleared on A it is gone on B")
    void retainedChangeOnOneNodeIsSeenOnTheOther() throws Exception {
        String topic = unique("cluster/retained");
        Mqtt5BlockingClient pub = client(a, unique("retain-pub"));
        pub.connect();
        pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload("kept".getBytes()).send();
        Optional<Mqtt5Publish> got = Optional.empty();
        long deadline = System.currentTimeMillis() + 5000;
        while (got.isEmpty() && System.currentTimeMillis() < deadline) {
            got = retainedOn(b, topic, 300);
        }
        assertThat(got).as("retained message set on A, subscribing on B").isPresent();
        assertThat(new String(got.get().getPayloadAsBytes())).isEqualTo("kept");
        assertThat(got.get().isRetain()).isTrue();

        pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(new byte[0]).send();
        pub.disconnect();
        deadline = System.currentTimeMillis() + 5000;
        while (got.isPresent() && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
            got = retainedOn(b, topic, 500);
        }
        assertThat(got).as("retained message cleared on A, subscribing on B").isEmpty();
    }

    private static Optional<Mqtt5Publish> retainedOn(BrokerNodeProcess node, String topic, long waitMillis)
            throws Exception {
        Mqtt5BlockingClient sub = client(node, unique("retain-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
            return publishes.receive(waitMillis, TimeUnit.MILLISECONDS);
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @Order(4)
    @DisplayName("an auto-subscription added in the database (as the admin API does) applies to clients connecting to "
            + "any node")
    void autoSubscriptionChangeTakesEffectOnEveryNode() throws Exception {
        String prefix = unique("auto");
        String topic = unique("cluster/auto");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO mqtt_auto_subscription (client_id_pattern, topic_filter, qos) VALUES ('" + prefix
                    + "-*', '" + topic + "/${clientid}', 1)");
            s.execute("UPDATE kin_config_version SET version = version + 1 WHERE area = 'auto_subscriptions'");
        }
        Mqtt5BlockingClient pub = client(a, unique("auto-pub"));
        pub.connect();
        Optional<Mqtt5Publish> got = Optional.empty();
        long deadline = System.currentTimeMillis() + 10_000;
        while (got.isEmpty() && System.currentTimeMillis() < deadline) {
            // a client of B that subscribes to nothing itself: only the auto-subscription can deliver to it
            String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
            Mqtt5BlockingClient device = client(b, id);
            try (Mqtt5BlockingClient.Mqtt5Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
                device.connect();
                for (int i = 0; i < 5 && got.isEmpty(); i++) {
                    pub.publishWith().topic(topic + "/" + id).qos(MqttQos.AT_LEAST_ONCE).payload("hi".getBytes())
                            .send();
                    got = publishes.receive(200, TimeUnit.MILLISECONDS);
                }
            } finally {
                device.disconnect();
            }
        }
        pub.disconnect();
        assertThat(got).as("auto-subscribed on B, published on A").isPresent();
        assertThat(new String(got.get().getPayloadAsBytes())).isEqualTo("hi");
    }

    @Test
    @Order(4)
    @DisplayName("a rule stored in the database (as the admin API does) runs on every node within a second or two")
    void ruleChangeTakesEffectOnEveryNode() throws Exception {
        String in = unique("cluster/rule/in");
        String out = unique("cluster/rule/out");
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO kin_rule (id, name, sql, enabled, actions) VALUES ('cluster-rule', 'cluster-rule', "
                    + "'SELECT payload AS p FROM \"" + in + "\"', true, "
                    + "'[{\"type\": \"republish\", \"topic\": \"" + out + "\", \"payload\": \"from ${p}\"}]')");
            s.execute("UPDATE kin_config_version SET version = version + 1 WHERE area = 'rules'");
        }
        Mqtt5BlockingClient sub = client(a, unique("rule-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(out).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = client(b, unique("rule-pub"));
            pub.connect();
            // the rule runs where the message enters (B); its republish reaches the subscriber on A
            java.util.Optional<Mqtt5Publish> got = java.util.Optional.empty();
            long deadline = System.currentTimeMillis() + 10_000;
            while (got.isEmpty() && System.currentTimeMillis() < deadline) {
                pub.publishWith().topic(in).qos(MqttQos.AT_LEAST_ONCE).payload("b".getBytes()).send();
                got = received.receive(300, TimeUnit.MILLISECONDS);
            }
            pub.disconnect();
            assertThat(got).as("republished by node B's rule").isPresent();
            assertThat(new String(got.get().getPayloadAsBytes())).isEqualTo("from b");
        } finally {
            sub.disconnect();
        }
    }

    // ---- rules and bridges changed in the database, as the admin API changes them ----------------------------

    /** A change to configuration tables, made in one transaction with the area's version bump. */
    @FunctionalInterface
    private interface Change {
        void apply(Connection c) throws SQLException;
    }

    /**
     * Changes configuration as the admin API does (RulesResource, BridgesResource): the rows and the bump of the
     * area's row in kin_config_version, which every node polls, in one transaction.
     */
    private static void changeInTheDatabase(String area, Change change) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            c.setAutoCommit(false);
            change.apply(c);
            execute(c, """
                    INSERT INTO kin_config_version (area, version, changed_at) VALUES (?, 1, now())
                    ON CONFLICT (area) DO UPDATE SET version = kin_config_version.version + 1, changed_at = now()""",
                    area);
            c.commit();
        }
    }

    private static void execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            s.executeUpdate();
        }
    }

    private static Change insertRule(String id, String sql, String actionsJson) {
        return c -> execute(c, "INSERT INTO kin_rule (id, name, sql, enabled, actions) VALUES (?, ?, ?, true, "
                + "?::jsonb)", id, id, sql, actionsJson);
    }

    private static String republish(String topic, String payload) {
        return "[{\"type\": \"republish\", \"topic\": \"" + topic + "\", \"qos\": 1, \"payload\": \"" + payload
                + "\"}]";
    }

    /** What the test reads next from the system a rule writes to, waiting up to {@code millis}. */
    @FunctionalInterface
    private interface Output {
        Optional<String> next(long millis) throws Exception;
    }

    private static Output mqttOutput(Mqtt5BlockingClient.Mqtt5Publishes publishes) {
        return millis -> publishes.receive(millis, TimeUnit.MILLISECONDS)
                .map(p -> new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }

    /** Reads what arrived within {@code millis}; the list is empty when nothing did. */
    private static List<String> drain(Output output, long millis) throws Exception {
        List<String> got = new ArrayList<>();
        Optional<String> next;
        while ((next = output.next(millis)).isPresent()) {
            got.add(next.get());
        }
        return got;
    }

    /** Publishes {@code payload} to {@code topic} on {@code node} every 300 ms until {@code expected} comes out. */
    private static void publishUntilOut(BrokerNodeProcess node, String topic, String payload, Output output,
                                        String expected) throws Exception {
        Mqtt5BlockingClient pub = client(node, unique("until"));
        pub.connect();
        List<String> seen = new ArrayList<>();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
                List<String> got = drain(output, 300);
                if (got.contains(expected)) {
                    return;
                }
                seen.addAll(got);
            }
        } finally {
            pub.disconnect();
        }
        throw new AssertionError("'" + expected + "' never came out within 10 s; came out: " + seen);
    }

    /**
     * Publishes probes on {@code node} until one brings no output (the change has reached the node), then checks
     * that the next probes bring none either.
     */
    private static void publishUntilNothingOut(BrokerNodeProcess node, String topic, Output output) throws Exception {
        Mqtt5BlockingClient pub = client(node, unique("silent"));
        pub.connect();
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            List<String> got;
            do {
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("probe".getBytes()).send();
                got = drain(output, 300);
            } while (!got.isEmpty() && System.currentTimeMillis() < deadline);
            assertThat(got).as("output of probes on %s", node.mqttPort()).isEmpty();
            for (int i = 0; i < 3; i++) {
                pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("probe".getBytes()).send();
            }
            assertThat(drain(output, 500)).as("output once the change is in effect").isEmpty();
        } finally {
            pub.disconnect();
        }
    }

    @Test
    @Order(4)
    @DisplayName("a rule's SQL and action edited in the database take effect on every node")
    void ruleEditedInTheDatabaseTakesEffectOnEveryNode() throws Exception {
        String id = unique("edited");
        String in = unique("cluster/edit/in");
        String moved = unique("cluster/edit/moved");
        String out = unique("cluster/edit/out");
        changeInTheDatabase("rules", insertRule(id, "SELECT payload AS p, node FROM \"" + in + "\"",
                republish(out, "v1 ${node} ${p}")));
        Mqtt5BlockingClient sub = client(a, unique("edit-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(out).qos(MqttQos.AT_LEAST_ONCE).send();
            Output output = mqttOutput(received);
            // each node runs the rule on the messages that enter it (${node} says which)
            publishUntilOut(a, in, "x", output, "v1 node-a x");
            publishUntilOut(b, in, "x", output, "v1 node-b x");

            // another source topic and another payload template, as PUT /api/v1/rules/{id} writes them
            changeInTheDatabase("rules", c -> execute(c, "UPDATE kin_rule SET sql = ?, actions = ?::jsonb, "
                    + "updated_at = now() WHERE id = ?", "SELECT payload AS p, node FROM \"" + moved + "\"",
                    republish(out, "v2 ${node} ${p}"), id));

            publishUntilOut(a, moved, "y", output, "v2 node-a y");
            publishUntilOut(b, moved, "y", output, "v2 node-b y");
            publishUntilNothingOut(a, in, output);
            publishUntilNothingOut(b, in, output);
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @Order(4)
    @DisplayName("a rule disabled, enabled and deleted in the database stops, runs and stops on every node")
    void ruleDisabledEnabledAndDeletedInTheDatabaseFollowOnEveryNode() throws Exception {
        String id = unique("switched");
        String in = unique("cluster/switch/in");
        String out = unique("cluster/switch/out");
        changeInTheDatabase("rules", insertRule(id, "SELECT payload AS p, node FROM \"" + in + "\"",
                republish(out, "${node} ${p}")));
        Mqtt5BlockingClient sub = client(a, unique("switch-sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter(out).qos(MqttQos.AT_LEAST_ONCE).send();
            Output output = mqttOutput(received);
            publishUntilOut(a, in, "on", output, "node-a on");
            publishUntilOut(b, in, "on", output, "node-b on");

            // POST /api/v1/rules/{id}/disable
            changeInTheDatabase("rules", c -> execute(c,
                    "UPDATE kin_rule SET enabled = false, updated_at = now() WHERE id = ?", id));
            publishUntilNothingOut(a, in, output);
            publishUntilNothingOut(b, in, output);

            // POST /api/v1/rules/{id}/enable
            changeInTheDatabase("rules", c -> execute(c,
                    "UPDATE kin_rule SET enabled = true, updated_at = now() WHERE id = ?", id));
            publishUntilOut(a, in, "again", output, "node-a again");
            publishUntilOut(b, in, "again", output, "node-b again");

            // DELETE /api/v1/rules/{id}
            changeInTheDatabase("rules", c -> execute(c, "DELETE FROM kin_rule WHERE id = ?", id));
            publishUntilNothingOut(a, in, output);
            publishUntilNothingOut(b, in, output);
        } finally {
            sub.disconnect();
        }
    }

    @Test
    @Order(4)
    @DisplayName("a bridge created and then changed in the database is used, as changed, by every node")
    void bridgeCreatedAndChangedInTheDatabaseIsUsedByEveryNode() throws Exception {
        BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            requests.add(exchange.getRequestURI().getPath() + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        String bridge = unique("hook");
        String rule = unique("to-hook");
        String in = unique("cluster/bridge/in");
        String url = "http://127.0.0.1:" + http.getAddress().getPort();
        try {
            // POST /api/v1/bridges, then POST /api/v1/rules with an action naming the bridge
            changeInTheDatabase("bridges", c -> execute(c, "INSERT INTO kin_bridge (name, type, enabled, config) "
                    + "VALUES (?, 'HTTP', true, ?::jsonb)", bridge, BridgeConfigJson.toJson(
                    BridgeConfig.of(bridge, BridgeType.HTTP, Map.of("url", url + "/first/")))));
            changeInTheDatabase("rules", insertRule(rule, "SELECT payload AS p, node FROM \"" + in + "\"",
                    "[{\"type\": \"bridge\", \"bridge\": \"" + bridge + "\", \"target\": \"${node}\", "
                            + "\"payload\": \"${p}\"}]"));
            Output output = millis -> Optional.ofNullable(requests.poll(millis, TimeUnit.MILLISECONDS));
            publishUntilOut(a, in, "x", output, "/first/node-a x");
            publishUntilOut(b, in, "x", output, "/first/node-b x");

            // PUT /api/v1/bridges/{name} with another URL
            changeInTheDatabase("bridges", c -> execute(c, "UPDATE kin_bridge SET config = ?::jsonb, "
                    + "updated_at = now() WHERE name = ?", BridgeConfigJson.toJson(
                    BridgeConfig.of(bridge, BridgeType.HTTP, Map.of("url", url + "/second/"))), bridge));
            publishUntilOut(a, in, "y", output, "/second/node-a y");
            publishUntilOut(b, in, "y", output, "/second/node-b y");
            for (BrokerNodeProcess node : List.of(a, b)) {
                assertThat(node.get("/internal/v1/bridges/" + bridge)).as("the node's view of the bridge")
                        .contains("\"state\":\"CONNECTED\"").contains("\"failed\":0");
            }
        } finally {
            changeInTheDatabase("rules", c -> execute(c, "DELETE FROM kin_rule WHERE id = ?", rule));
            changeInTheDatabase("bridges", c -> execute(c, "DELETE FROM kin_bridge WHERE name = ?", bridge));
            http.stop(0);
        }
    }

    @Test
    @Order(5)
    @DisplayName("kill -9 node A: a persistent session's queued QoS 1 messages all reach its client on B, and the wills "
            + "of A's clients are published")
    void failoverKeepsQueuedMessages() throws Exception {
        String id = unique("survivor");
        String topic = unique("cluster/failover");
        Mqtt5BlockingClient sub = client(a, id);
        sub.connectWith().cleanStart(true).sessionExpiryInterval(600).send();
        sub.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send();
        sub.disconnect();
        Thread.sleep(500);
        Mqtt5BlockingClient pub = client(b, unique("failover-pub"));
        pub.connect();
        for (int i = 0; i < 50; i++) {
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(ByteBuffer.allocate(4).putInt(i).array())
                    .send();
        }
        pub.disconnect();

        // a client connected to A with a will, and a watcher on B
        String willTopic = unique("cluster/will");
        Mqtt5BlockingClient watcher = client(b, unique("will-watcher"));
        watcher.connect();
        Mqtt5BlockingClient.Mqtt5Publishes wills = watcher.publishes(MqttGlobalPublishFilter.ALL);
        watcher.subscribeWith().topicFilter(willTopic).qos(MqttQos.AT_LEAST_ONCE).send();
        Mqtt5BlockingClient mortal = client(a, unique("mortal"));
        mortal.connectWith().willPublish().topic(willTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload("node died".getBytes(StandardCharsets.UTF_8)).applyWillPublish().send();
        Thread.sleep(500);
        assertThat(remoteRoutes(b)).as("B forwards to A's routes while A lives").isGreaterThan(0);

        a.kill();

        Optional<Mqtt5Publish> will = wills.receive(20, TimeUnit.SECONDS);
        assertThat(will).as("the will of a client of the dead node is published by a survivor").isPresent();
        assertThat(new String(will.get().getPayloadAsBytes(), StandardCharsets.UTF_8)).isEqualTo("node died");
        wills.close();
        watcher.disconnect();

        Mqtt5BlockingClient back = client(b, id);
        Set<Integer> got = new HashSet<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes publishes = back.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(back.connectWith().cleanStart(false).sessionExpiryInterval(600).send().isSessionPresent())
                    .as("the session is found on B").isTrue();
            Optional<Mqtt5Publish> p;
            while (got.size() < 50 && (p = publishes.receive(10, TimeUnit.SECONDS)).isPresent()) {
                got.add(p.get().getPayload().orElseThrow().getInt());
            }
        }
        assertThat(got).hasSize(50);
        back.disconnectWith().sessionExpiryInterval(0).send();
        long deadline = System.currentTimeMillis() + 10_000;
        while (remoteRoutes(b) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(remoteRoutes(b)).as("the dead node's routes are removed from B's route table").isZero();
    }

    /** The node's {@code kin_cluster_remote_routes} gauge: routes of other nodes it forwards to. */
    private static double remoteRoutes(BrokerNodeProcess node) {
        return node.get("/q/metrics").lines().filter(l -> l.startsWith("kin_cluster_remote_routes"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no kin_cluster_remote_routes on " + node));
    }
}

package io.kin.broker.rules;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.broker.mqtt.SessionWaits;
import io.kin.broker.session.SessionRegistry;
import io.kin.broker.store.ConfigVersions;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules stored in PostgreSQL, run by the broker on real MQTT traffic, with the republish action. */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class RuleEngineTests {

    @Inject
    BrokerPorts broker;

    @Inject
    Pool pool;

    @Inject
    RuleEngine engine;

    @Inject
    ConfigVersions versions;

    @Inject
    SessionRegistry sessions;

    @AfterEach
    void deleteRules() throws Exception {
        done(pool.query("DELETE FROM kin_rule").execute());
        done(engine.reload());
    }

    private void rule(String id, String sql, String actionsJson) throws Exception {
        done(pool.preparedQuery("INSERT INTO kin_rule (id, name, sql, enabled, actions) VALUES ($1, $1, $2, true, $3::text::jsonb)")
                .execute(Tuple.of(id, sql, actionsJson)));
        done(engine.reload());
    }

    private static <T> T done(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String text(Mqtt5Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static void publish(Mqtt5BlockingClient client, String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    @Test
    void republishSendsTheSelectedRowOfMessagesThatPassWhere() throws Exception {
        rule("hot", "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30 AND clientid LIKE 'b7-%'",
                "[{\"type\":\"republish\",\"topic\":\"alerts/${clientid}\",\"qos\":1}]");
        String device = BrokerPorts.uniqueId("b7-");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("alerts/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(device);
            pub.connect();
            publish(pub, "sensors/b7/temp", "{\"temp\": 25}");
            publish(pub, "sensors/b7/temp", "{\"temp\": 31.5}");
            publish(pub, "sensors/b7/humidity", "{\"temp\": 99}");
            pub.disconnect();

            Mqtt5Publish alert = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(alert.getTopic().toString()).isEqualTo("alerts/" + device);
            assertThat(alert.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
            assertThat(text(alert)).isEqualTo("{\"t\":31.5,\"clientid\":\"" + device + "\"}");
            assertThat(received.receive(500, TimeUnit.MILLISECONDS)).as("25 and the humidity topic do not pass")
                    .isEmpty();
        } finally {
            sub.disconnect();
        }
        RuleMetrics.Snapshot figures = engine.metrics().get("hot");
        assertThat(figures.matched()).as("two messages on sensors/+/temp").isEqualTo(2);
        assertThat(figures.passed()).isEqualTo(1);
        assertThat(figures.actionsSucceeded()).isEqualTo(1);
    }

    @Test
    void aRuleChangedInTheDatabaseTakesEffectOnTheVersionSignal() throws Exception {
        rule("switch", "SELECT payload FROM \"switch/in\"", "[{\"type\":\"republish\",\"topic\":\"switch/out\"}]");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("switch/out").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            publish(pub, "switch/in", "one");
            assertThat(received.receive(5, TimeUnit.SECONDS)).isPresent();

            // disabled by another writer (the admin API): only the version row tells this node
            done(pool.query("UPDATE kin_rule SET enabled = false WHERE id = 'switch'").execute());
            done(pool.preparedQuery(ConfigVersions.bump(RuleEngine.AREA).sql())
                    .execute(ConfigVersions.bump(RuleEngine.AREA).args()));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            Optional<Mqtt5Publish> out;
            do {
                done(versions.poll());
                publish(pub, "switch/in", "probe");
                out = received.receive(300, TimeUnit.MILLISECONDS);
            } while (out.isPresent() && System.nanoTime() < deadline);
            assertThat(out).as("a disabled rule does not run").isEmpty();
            assertThat(engine.metrics()).as("it keeps its counters").containsKey("switch");
            pub.disconnect();
        } finally {
            sub.disconnect();
        }
    }

    @Test
    void aRuleIsNotFedByItsOwnRepublish() throws Exception {
        rule("echo", "SELECT payload FROM \"echo/#\"", "[{\"type\":\"republish\",\"topic\":\"echo/again\",\"payload\":\"${payload}!\"}]");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("echo/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            publish(pub, "echo/start", "hi");
            pub.disconnect();

            assertThat(text(received.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("hi");
            assertThat(text(received.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("hi!");
            assertThat(received.receive(1, TimeUnit.SECONDS)).as("no loop").isEmpty();
        } finally {
            sub.disconnect();
        }
        assertThat(engine.metrics().get("echo").matched()).isEqualTo(1);
    }

    @Test
    void anEvaluationErrorIsCountedAndTheRuleGoesOn() throws Exception {
        rule("ratio", "SELECT payload.a / payload.b AS r FROM \"ratio/in\"",
                "[{\"type\":\"republish\",\"topic\":\"ratio/out\",\"payload\":\"${r}\"}]");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("ratio/out").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            publish(pub, "ratio/in", "{\"a\": 1, \"b\": 0}");
            publish(pub, "ratio/in", "{\"a\": 6, \"b\": 4}");
            pub.disconnect();

            assertThat(text(received.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("1.5");
        } finally {
            sub.disconnect();
        }
        RuleMetrics.Snapshot figures = engine.metrics().get("ratio");
        assertThat(figures.failed()).isEqualTo(1);
        assertThat(figures.lastError()).containsIgnoringCase("zero");
        assertThat(figures.passed()).isEqualTo(1);
    }

    @Test
    void clientEventsFeedRulesThatSelectFromThem() throws Exception {
        rule("joins", "SELECT clientid, username FROM \"$events/client_connected\" WHERE clientid LIKE 'ev-%'",
                "[{\"type\":\"republish\",\"topic\":\"joined/${clientid}\"}]");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("joined/#").qos(MqttQos.AT_LEAST_ONCE).send();
            String id = BrokerPorts.uniqueId("ev-");
            Mqtt5BlockingClient device = broker.v5Blocking(id);
            device.connect();
            device.disconnect();

            Mqtt5Publish joined = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(joined.getTopic().toString()).isEqualTo("joined/" + id);
            assertThat(text(joined)).contains("\"clientid\":\"" + id + "\"");
        } finally {
            sub.disconnect();
        }
    }

    @Test
    void aStoredRuleThatNoLongerCompilesIsLeftOutAndTheOthersRun() throws Exception {
        done(pool.query("INSERT INTO kin_rule (id, name, sql, enabled, actions) VALUES "
                + "('broken', 'broken', 'SELECT nosuchfunction(1) FROM \"x/#\"', true, '[]'::jsonb)").execute());
        rule("fine", "SELECT payload FROM \"fine/in\"", "[{\"type\":\"republish\",\"topic\":\"fine/out\"}]");
        assertThat(engine.metrics()).containsKey("fine");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("fine/out").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            publish(pub, "fine/in", "ok");
            pub.disconnect();
            assertThat(received.receive(5, TimeUnit.SECONDS)).isPresent();
        } finally {
            sub.disconnect();
        }
    }

    // ---- client events: each $events source, caused by a real client ---------------------------------------------

    /** Something a real client does that should make a rule fire. */
    @FunctionalInterface
    private interface Cause {
        void run() throws Exception;
    }

    /** Runs {@code cause} while a subscriber reads {@code outFilter}; returns the first message published there. */
    private Mqtt5Publish firstOutput(String outFilter, Cause cause) throws Exception {
        Mqtt5BlockingClient watcher = broker.v5Blocking(BrokerPorts.uniqueId("watch"));
        watcher.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = watcher.publishes(MqttGlobalPublishFilter.ALL)) {
            watcher.subscribeWith().topicFilter(outFilter).qos(MqttQos.AT_LEAST_ONCE).send();
            cause.run();
            return received.receive(5, TimeUnit.SECONDS)
                    .orElseThrow(() -> new AssertionError("the rule published nothing on " + outFilter));
        } finally {
            watcher.disconnect();
        }
    }

    @Test
    void clientDisconnectedEventCarriesTheClientAndTheReason() throws Exception {
        rule("leaves", "SELECT clientid, reason, event FROM \"$events/client_disconnected\" "
                        + "WHERE clientid LIKE 'evd-%'",
                "[{\"type\":\"republish\",\"topic\":\"left/${clientid}\",\"qos\":1}]");
        String id = BrokerPorts.uniqueId("evd");

        Mqtt5Publish left = firstOutput("left/#", () -> {
            Mqtt5BlockingClient device = broker.v5Blocking(id);
            device.connect();
            device.disconnect();
        });

        assertThat(left.getTopic().toString()).isEqualTo("left/" + id);
        assertThat(text(left)).isEqualTo("{\"clientid\":\"" + id + "\",\"reason\":\"normal disconnect\","
                + "\"event\":\"client_disconnected\"}");
    }

    @Test
    void sessionSubscribedEventCarriesTheFilterAndTheQos() throws Exception {
        rule("subs", "SELECT clientid, topic, qos FROM \"$events/session_subscribed\" WHERE clientid LIKE 'evs-%'",
                "[{\"type\":\"republish\",\"topic\":\"subscribed/${clientid}\",\"qos\":1}]");
        String id = BrokerPorts.uniqueId("evs");
        Mqtt5BlockingClient device = broker.v5Blocking(id);

        Mqtt5Publish subscribed = firstOutput("subscribed/#", () -> {
            device.connect();
            device.subscribeWith().topicFilter("evs/+/data").qos(MqttQos.EXACTLY_ONCE).send();
        });
        device.disconnect();

        assertThat(subscribed.getTopic().toString()).isEqualTo("subscribed/" + id);
        assertThat(text(subscribed)).isEqualTo("{\"clientid\":\"" + id + "\",\"topic\":\"evs/+/data\",\"qos\":2}");
    }

    @Test
    void sessionUnsubscribedEventCarriesTheFilter() throws Exception {
        rule("unsubs", "SELECT clientid, topic, event FROM \"$events/session_unsubscribed\" "
                        + "WHERE clientid LIKE 'evu-%'",
                "[{\"type\":\"republish\",\"topic\":\"unsubscribed/${clientid}\",\"qos\":1}]");
        String id = BrokerPorts.uniqueId("evu");
        Mqtt5BlockingClient device = broker.v5Blocking(id);
        device.connect();
        device.subscribeWith().topicFilter("evu/kept").qos(MqttQos.AT_LEAST_ONCE).send();
        device.subscribeWith().topicFilter("evu/#").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5Publish unsubscribed = firstOutput("unsubscribed/#",
                () -> device.unsubscribeWith().topicFilter("evu/#").send());
        device.disconnect();

        assertThat(unsubscribed.getTopic().toString()).isEqualTo("unsubscribed/" + id);
        assertThat(text(unsubscribed)).isEqualTo("{\"clientid\":\"" + id + "\",\"topic\":\"evu/#\","
                + "\"event\":\"session_unsubscribed\"}");
    }

    @Test
    void messageDeliveredEventNamesTheReceiverAndThePublisher() throws Exception {
        rule("deliveries", "SELECT clientid, from_clientid, topic, qos, payload FROM \"$events/message_delivered\" "
                        + "WHERE topic = 'evm/delivered'",
                "[{\"type\":\"republish\",\"topic\":\"delivered/${clientid}\",\"qos\":1,"
                        + "\"payload\":\"${clientid} got ${payload} from ${from_clientid} on ${topic} "
                        + "at qos ${qos}\"}]");
        String receiverId = BrokerPorts.uniqueId("evm-recv");
        String publisherId = BrokerPorts.uniqueId("evm-pub");
        Mqtt5BlockingClient receiver = broker.v5Blocking(receiverId);
        receiver.connect();
        receiver.subscribeWith().topicFilter("evm/delivered").qos(MqttQos.AT_LEAST_ONCE).send();

        Mqtt5Publish delivered = firstOutput("delivered/#", () -> {
            Mqtt5BlockingClient pub = broker.v5Blocking(publisherId);
            pub.connect();
            publish(pub, "evm/delivered", "hello");
            pub.disconnect();
        });
        receiver.disconnect();

        assertThat(delivered.getTopic().toString()).isEqualTo("delivered/" + receiverId);
        assertThat(text(delivered)).isEqualTo(receiverId + " got hello from " + publisherId
                + " on evm/delivered at qos 1");
    }

    @Test
    void messageAckedEventFollowsTheReceiversAcknowledgement() throws Exception {
        rule("acks", "SELECT clientid, from_clientid, topic, payload FROM \"$events/message_acked\" "
                        + "WHERE topic = 'evm/acked'",
                "[{\"type\":\"republish\",\"topic\":\"acked/${clientid}\",\"qos\":1,"
                        + "\"payload\":\"${clientid} acknowledged ${payload} from ${from_clientid}\"}]");
        String receiverId = BrokerPorts.uniqueId("evm-ack");
        String publisherId = BrokerPorts.uniqueId("evm-pub");
        Mqtt5BlockingClient receiver = broker.v5Blocking(receiverId);
        receiver.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes inbox = receiver.publishes(MqttGlobalPublishFilter.ALL)) {
            receiver.subscribeWith().topicFilter("evm/acked").qos(MqttQos.AT_LEAST_ONCE).send();

            Mqtt5Publish acked = firstOutput("acked/#", () -> {
                Mqtt5BlockingClient pub = broker.v5Blocking(publisherId);
                pub.connect();
                publish(pub, "evm/acked", "order-66");
                pub.disconnect();
                // the client library sends PUBACK once the application has taken the message
                assertThat(text(inbox.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("order-66");
            });

            assertThat(acked.getTopic().toString()).isEqualTo("acked/" + receiverId);
            assertThat(text(acked)).isEqualTo(receiverId + " acknowledged order-66 from " + publisherId);
        } finally {
            receiver.disconnect();
        }
    }

    @Test
    void messageDroppedEventSaysWhyTheReceiverMissedIt() throws Exception {
        rule("drops", "SELECT clientid, from_clientid, topic, payload, reason FROM \"$events/message_dropped\" "
                        + "WHERE topic = 'evm/dropped'",
                "[{\"type\":\"republish\",\"topic\":\"dropped/${clientid}\",\"qos\":1,"
                        + "\"payload\":\"${clientid} missed ${payload} from ${from_clientid}: ${reason}\"}]");
        String receiverId = BrokerPorts.uniqueId("evm-away");
        String publisherId = BrokerPorts.uniqueId("evm-pub");
        // a persistent session, offline, subscribed at QoS 0: QoS 0 messages for it are dropped, not queued
        Mqtt5BlockingClient receiver = broker.v5Blocking(receiverId);
        receiver.connectWith().cleanStart(true).sessionExpiryInterval(300).send();
        receiver.subscribeWith().topicFilter("evm/dropped").qos(MqttQos.AT_MOST_ONCE).send();
        receiver.disconnect();
        SessionWaits.awaitOffline(sessions, receiverId);
        try {
            Mqtt5Publish dropped = firstOutput("dropped/#", () -> {
                Mqtt5BlockingClient pub = broker.v5Blocking(publisherId);
                pub.connect();
                pub.publishWith().topic("evm/dropped").qos(MqttQos.AT_MOST_ONCE)
                        .payload("lost".getBytes(StandardCharsets.UTF_8)).send();
                pub.disconnect();
            });

            assertThat(dropped.getTopic().toString()).isEqualTo("dropped/" + receiverId);
            assertThat(text(dropped)).isEqualTo(receiverId + " missed lost from " + publisherId + ": qos0_offline");
        } finally {
            receiver.connectWith().cleanStart(true).sessionExpiryInterval(0).send();
            receiver.disconnect();
        }
    }

    // ---- republish: retain, loops and chains ----------------------------------------------------------------------

    @Test
    void aRetainedRepublishIsGivenToALaterSubscriber() throws Exception {
        rule("keep", "SELECT payload.state AS state, clientid FROM \"doors/+/state\"",
                "[{\"type\":\"republish\",\"topic\":\"last-state/${clientid}\",\"qos\":1,\"retain\":true,"
                        + "\"payload\":\"${state}\"}]");
        String device = BrokerPorts.uniqueId("door");
        Mqtt5BlockingClient pub = broker.v5Blocking(device);
        pub.connect();
        publish(pub, "doors/front/state", "{\"state\": \"open\"}");
        publish(pub, "doors/front/state", "{\"state\": \"closed\"}");
        pub.disconnect();

        Mqtt5BlockingClient late = broker.v5Blocking(BrokerPorts.uniqueId("late"));
        late.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = late.publishes(MqttGlobalPublishFilter.ALL)) {
            late.subscribeWith().topicFilter("last-state/" + device).qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5Publish kept = received.receive(5, TimeUnit.SECONDS).orElseThrow();
            assertThat(kept.isRetain()).as("delivered as a retained message").isTrue();
            assertThat(text(kept)).as("the last state the rule republished").isEqualTo("closed");
            assertThat(received.receive(500, TimeUnit.MILLISECONDS)).as("one retained message per topic").isEmpty();
        } finally {
            // clear the retained message
            late.publishWith().topic("last-state/" + device).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
            late.disconnect();
        }
    }

    @Test
    void twoRulesRepublishingToEachOtherStopAfterOneRoundTrip() throws Exception {
        rule("ping", "SELECT payload FROM \"loop/a/#\"",
                "[{\"type\":\"republish\",\"topic\":\"loop/b/from-ping\",\"qos\":1,\"payload\":\"${payload}>ping\"}]");
        rule("pong", "SELECT payload FROM \"loop/b/#\"",
                "[{\"type\":\"republish\",\"topic\":\"loop/a/from-pong\",\"qos\":1,\"payload\":\"${payload}>pong\"}]");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        List<String> seen = new ArrayList<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("loop/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            publish(pub, "loop/a/start", "go");
            pub.disconnect();
            Optional<Mqtt5Publish> p;
            while ((p = received.receive(1, TimeUnit.SECONDS)).isPresent()) {
                seen.add(p.get().getTopic() + "=" + text(p.get()));
            }
        } finally {
            sub.disconnect();
        }
        // ping runs on the client's message, pong on ping's republish; pong's republish would feed ping again: cut
        assertThat(seen).containsExactly("loop/a/start=go", "loop/b/from-ping=go>ping",
                "loop/a/from-pong=go>ping>pong");
        RuleMetrics.Snapshot ping = engine.metrics().get("ping");
        RuleMetrics.Snapshot pong = engine.metrics().get("pong");
        assertThat(ping.matched()).as("the cut input is not evaluated").isEqualTo(1);
        assertThat(ping.actionsSucceeded()).isEqualTo(1);
        assertThat(pong.matched()).isEqualTo(1);
        assertThat(pong.actionsSucceeded()).isEqualTo(1);
    }

    @Test
    void aRepublishChainThroughMoreThanEightRulesIsCut() throws Exception {
        for (int i = 1; i <= 10; i++) {
            rule("link-" + i, "SELECT payload FROM \"chain/" + i + "\"",
                    "[{\"type\":\"republish\",\"topic\":\"chain/" + (i + 1) + "\",\"qos\":1}]");
        }
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        List<String> topics = new ArrayList<>();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("chain/#").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            publish(pub, "chain/1", "x");
            pub.disconnect();
            Optional<Mqtt5Publish> p;
            while ((p = received.receive(1, TimeUnit.SECONDS)).isPresent()) {
                topics.add(p.get().getTopic().toString());
            }
        } finally {
            sub.disconnect();
        }
        // the client's message and the republishes of links 1 to 8; link 9 would be the ninth rule on the stack
        assertThat(topics).containsExactly("chain/1", "chain/2", "chain/3", "chain/4", "chain/5", "chain/6", "chain/7",
                "chain/8", "chain/9");
        assertThat(engine.metrics().get("link-8").actionsSucceeded()).isEqualTo(1);
        assertThat(engine.metrics().get("link-9").matched()).as("cut before it ran").isZero();
        assertThat(engine.metrics().get("link-10").matched()).isZero();
    }

    // ---- metrics and logging ---------------------------------------------------------------------------------------

    /** A sample's value in the Prometheus text of /q/metrics: the line of {@code name} with all those labels. */
    private static Double sample(String metrics, String name, String... labels) {
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            String labelText = line.substring(name.length() + 1, line.indexOf('}'));
            if (java.util.Arrays.stream(labels).allMatch(labelText::contains)) {
                return Double.parseDouble(line.substring(line.indexOf('}') + 1).trim().split(" ")[0]);
            }
        }
        return null;
    }

    @Test
    void eachRulesCountersAreOnTheMetricsEndpointUntilItIsDeleted() throws Exception {
        rule("metered", "SELECT 12 div payload.d AS r FROM \"metered/in\" WHERE r > 3",
                "[{\"type\":\"republish\",\"topic\":\"metered/out\",\"qos\":1,\"payload\":\"${r}\"},"
                        + "{\"type\":\"bridge\",\"bridge\":\"no-such-bridge\"}]");
        Mqtt5BlockingClient sub = broker.v5Blocking(BrokerPorts.uniqueId("sub"));
        sub.connect();
        try (Mqtt5BlockingClient.Mqtt5Publishes received = sub.publishes(MqttGlobalPublishFilter.ALL)) {
            sub.subscribeWith().topicFilter("metered/out").qos(MqttQos.AT_LEAST_ONCE).send();
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            publish(pub, "metered/in", "{\"d\": 0}"); // division by zero: failed
            publish(pub, "metered/in", "{\"d\": 2}"); // 6: passes
            publish(pub, "metered/in", "{\"d\": 3}"); // 4: passes
            publish(pub, "metered/in", "{\"d\": 6}"); // 2: filtered out
            pub.disconnect();
            assertThat(text(received.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("6");
            assertThat(text(received.receive(5, TimeUnit.SECONDS).orElseThrow())).isEqualTo("4");
        } finally {
            sub.disconnect();
        }

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        String rule = "rule=\"metered\"";
        assertThat(sample(metrics, "kin_rule_matched_total", rule)).isEqualTo(4.0);
        assertThat(sample(metrics, "kin_rule_passed_total", rule)).isEqualTo(2.0);
        assertThat(sample(metrics, "kin_rule_failed_total", rule)).isEqualTo(1.0);
        assertThat(sample(metrics, "kin_rule_actions_total", rule, "result=\"succeeded\"")).as("the republishes")
                .isEqualTo(2.0);
        assertThat(sample(metrics, "kin_rule_actions_total", rule, "result=\"failed\"")).as("no such bridge")
                .isEqualTo(2.0);

        done(pool.query("DELETE FROM kin_rule WHERE id = 'metered'").execute());
        done(engine.reload());
        String after = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(after).as("a deleted rule's meters are gone").doesNotContain(rule);
    }

    @Test
    void aRuleThatKeepsFailingIsLoggedOncePerWindowButCountedEveryTime() throws Exception {
        rule("noisy", "SELECT 1 / payload.d AS r FROM \"noisy/in\"", "[]");
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(record instanceof ExtLogRecord e ? e.getFormattedMessage() : record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(RuleEngine.class.getName());
        log.addHandler(capture);
        try {
            Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("pub"));
            pub.connect();
            for (int i = 0; i < 20; i++) {
                publish(pub, "noisy/in", "{\"d\": 0}");
            }
            pub.disconnect();
        } finally {
            log.removeHandler(capture);
        }
        RuleMetrics.Snapshot figures = engine.metrics().get("noisy");
        assertThat(figures.failed()).as("every failure counted").isEqualTo(20);
        assertThat(figures.lastError()).containsIgnoringCase("zero");
        assertThat(warnings.stream().filter(w -> w.startsWith("rule noisy: evaluation failed")).toList())
                .as("20 failures within the 10 s window: one warning").hasSize(1);
    }
}

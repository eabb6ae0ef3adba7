package io.kin.broker.rules;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.broker.store.ConfigVersions;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
}

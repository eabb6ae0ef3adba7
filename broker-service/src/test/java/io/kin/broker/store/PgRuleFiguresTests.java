package io.kin.broker.store;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import io.kin.broker.config.BrokerConfig;
import io.kin.broker.mqtt.BrokerPorts;
import io.kin.broker.rules.RuleEngine;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node's rule counters in {@code kin_rule_metrics} (what the admin API sums over the cluster), written by
 * {@link PgRuleFigures} after real MQTT traffic through real rules.
 */
@QuarkusTest
@QuarkusTestResource(PostgresResource.class)
class PgRuleFiguresTests {

    @Inject
    BrokerPorts broker;

    @Inject
    Pool pool;

    @Inject
    RuleEngine engine;

    @Inject
    PgRuleFigures figures;

    @Inject
    BrokerConfig config;

    @AfterEach
    void deleteRules() throws Exception {
        done(pool.query("DELETE FROM kin_rule").execute());
        done(engine.reload());
    }

    private static <T> T done(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void rule(String id, String sql, String actionsJson) throws Exception {
        done(pool.preparedQuery("INSERT INTO kin_rule (id, name, sql, enabled, actions) VALUES ($1, $1, $2, true, "
                + "$3::text::jsonb)").execute(Tuple.of(id, sql, actionsJson)));
        done(engine.reload());
    }

    private void publish(String topic, String... payloads) {
        Mqtt5BlockingClient pub = broker.v5Blocking(BrokerPorts.uniqueId("figures-pub"));
        pub.connect();
        for (String p : payloads) {
            // acknowledged once routed: the rules have run on it by then
            pub.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(p.getBytes(StandardCharsets.UTF_8))
                    .send();
        }
        pub.disconnect();
    }

    /** This node's row for the rule, or null. */
    private Row stored(String ruleId) throws Exception {
        RowSet<Row> rows = done(pool.preparedQuery("SELECT matched, passed, failed, actions_succeeded, actions_failed, "
                + "last_error, last_error_at FROM kin_rule_metrics WHERE rule_id = $1 AND node_id = $2")
                .execute(Tuple.of(ruleId, config.node().id())));
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    private static String counters(Row r) {
        return r == null ? "no row" : r.getLong("matched") + " matched, " + r.getLong("passed") + " passed, "
                + r.getLong("failed") + " failed, " + r.getLong("actions_succeeded") + " actions succeeded, "
                + r.getLong("actions_failed") + " actions failed";
    }

    @Test
    void theNodesRuleCountersAreWrittenAndUpdatedAfterRealTraffic() throws Exception {
        rule("figured", "SELECT 12 div payload.d AS r FROM \"figured/in\" WHERE r > 3",
                "[{\"type\": \"republish\", \"topic\": \"figured/out\"}, "
                        + "{\"type\": \"bridge\", \"bridge\": \"no-such-bridge\"}]");
        publish("figured/in", "{\"d\": 0}", "{\"d\": 2}", "{\"d\": 6}");

        done(figures.write());

        Row first = stored("figured");
        assertThat(counters(first)).isEqualTo(
                "3 matched, 1 passed, 1 failed, 1 actions succeeded, 1 actions failed");
        assertThat(first.getString("last_error")).as("the latest error: the action after the division by zero")
                .isEqualTo("no bridge named 'no-such-bridge'");
        assertThat(first.get(OffsetDateTime.class, "last_error_at")).isNotNull();

        publish("figured/in", "{\"d\": 3}");
        done(figures.write());

        assertThat(counters(stored("figured"))).isEqualTo(
                "4 matched, 2 passed, 1 failed, 2 actions succeeded, 2 actions failed");
    }

    @Test
    void aRuleDeletedAndCreatedAgainHasItsNewCountersWritten() throws Exception {
        String sql = "SELECT payload FROM \"again/in\"";
        rule("again", sql, "[]");
        publish("again/in", "a", "b");
        done(figures.write());
        assertThat(counters(stored("again"))).isEqualTo(
                "2 matched, 2 passed, 0 failed, 0 actions succeeded, 0 actions failed");

        // deleted (its row goes with it) and created again under the same id, as an operator may do
        done(pool.query("DELETE FROM kin_rule WHERE id = 'again'").execute());
        done(engine.reload());
        assertThat(stored("again")).as("deleted with the rule").isNull();
        rule("again", sql, "[]");
        publish("again/in", "c", "d");
        done(figures.write());

        assertThat(counters(stored("again"))).as("the new rule's counters, though they equal the old ones")
                .isEqualTo("2 matched, 2 passed, 0 failed, 0 actions succeeded, 0 actions failed");
    }
}

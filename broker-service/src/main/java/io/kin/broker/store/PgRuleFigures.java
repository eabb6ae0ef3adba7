package io.kin.broker.store;

import io.kin.broker.config.BrokerConfig;
import io.kin.broker.rules.RuleEngine;
import io.kin.broker.rules.RuleMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes this node's rule counters to {@code kin_rule_metrics} every few seconds (only rules whose counters moved),
 * so the admin API can show each rule's figures summed over the cluster without asking every node.
 */
@ApplicationScoped
public class PgRuleFigures {

    private static final Logger LOG = Logger.getLogger(PgRuleFigures.class);
    private static final long EVERY_MILLIS = 5_000;
    private static final String UPSERT = """
            INSERT INTO kin_rule_metrics (rule_id, node_id, matched, passed, failed, actions_succeeded, actions_failed,
                last_error, last_error_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
            ON CONFLICT (rule_id, node_id) DO UPDATE SET matched = EXCLUDED.matched, passed = EXCLUDED.passed,
                failed = EXCLUDED.failed, actions_succeeded = EXCLUDED.actions_succeeded,
                actions_failed = EXCLUDED.actions_failed, last_error = EXCLUDED.last_error,
                last_error_at = EXCLUDED.last_error_at, updated_at = now()""";

    private record Written(RuleMetrics counters, RuleMetrics.Snapshot snapshot) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final RuleEngine rules;
    private final String node;
    /** What was last written per rule id, and from which counters (a re-created rule has new ones). */
    private final Map<String, Written> written = new ConcurrentHashMap<>();
    private long timer = -1;

    PgRuleFigures(Pool pool, Vertx vertx, RuleEngine rules, BrokerConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.rules = rules;
        this.node = config.node().id();
    }

    void start(@Observes StartupEvent ev) {
        timer = vertx.setPeriodic(EVERY_MILLIS, id -> write());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Writes the counters that changed since the last write; the next round retries what failed. A rule deleted
     * (its row goes with it) and created again has new counters: they are written even when their figures equal
     * what was written for the old rule.
     */
    public io.vertx.core.Future<Void> write() {
        List<Tuple> batch = new ArrayList<>();
        Map<String, Written> now = new HashMap<>();
        rules.counters().forEach((id, counters) -> {
            RuleMetrics.Snapshot s = counters.snapshot();
            now.put(id, new Written(counters, s));
            Written last = written.get(id);
            if (last == null || last.counters() != counters || !last.snapshot().equals(s)) {
                OffsetDateTime errorAt = s.lastErrorAt() == 0 ? null
                        : OffsetDateTime.ofInstant(Instant.ofEpochMilli(s.lastErrorAt()), ZoneOffset.UTC);
                batch.add(Tuple.from(Arrays.asList(id, node, s.matched(), s.passed(), s.failed(), s.actionsSucceeded(),
                        s.actionsFailed(), s.lastError(), errorAt)));
            }
        });
        written.keySet().retainAll(now.keySet()); // deleted rules
        if (batch.isEmpty()) {
            return io.vertx.core.Future.succeededFuture();
        }
        return pool.preparedQuery(UPSERT).executeBatch(batch).<Void>mapEmpty()
                .onSuccess(v -> written.putAll(now))
                .onFailure(e -> LOG.debugf("writing rule counters failed (a rule may just have been deleted): %s",
                        e.toString()));
    }
}

package io.kin.broker.store;

import io.kin.broker.autosub.AutoSubscriptionRule;
import io.kin.broker.autosub.AutoSubscriptionRules;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Auto-subscription rules from {@code mqtt_auto_subscription}, in memory, reloaded when any node changes them. */
@ApplicationScoped
public class PgAutoSubscriptionRules implements AutoSubscriptionRules {

    private static final Logger LOG = Logger.getLogger(PgAutoSubscriptionRules.class);

    private final Pool pool;
    private final GroupCommit writes;
    private volatile List<AutoSubscriptionRule> rules = List.of();

    PgAutoSubscriptionRules(Pool pool, GroupCommit writes, ConfigVersions versions) {
        this.pool = pool;
        this.writes = writes;
        versions.onChange(ConfigVersions.AUTO_SUBSCRIPTIONS, this::reload);
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev) throws Exception {
        reload().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public List<AutoSubscriptionRule> rules() {
        return rules;
    }

    Future<Void> reload() {
        return pool.query("""
                        SELECT id, client_id_pattern, topic_filter, qos, no_local, retain_as_published, retain_handling
                        FROM mqtt_auto_subscription ORDER BY id""")
                .execute().map(rows -> {
                    List<AutoSubscriptionRule> loaded = new ArrayList<>();
                    for (Row r : rows) {
                        loaded.add(new AutoSubscriptionRule(r.getLong("id"), r.getString("client_id_pattern"),
                                r.getString("topic_filter"), r.getShort("qos"), r.getBoolean("no_local"),
                                r.getBoolean("retain_as_published"), r.getShort("retain_handling")));
                    }
                    rules = List.copyOf(loaded);
                    return (Void) null;
                }).onFailure(e -> LOG.warnf("loading auto-subscription rules failed: %s", e.toString()));
    }

    /** Adds a rule; returns its id once it is effective on this node. */
    public Future<Long> add(String clientIdPattern, String topicFilter, int qos, boolean noLocal,
                            boolean retainAsPublished, int retainHandling) {
        GroupCommit.Write bump = ConfigVersions.bump(ConfigVersions.AUTO_SUBSCRIPTIONS);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO mqtt_auto_subscription (client_id_pattern, topic_filter, qos, no_local,
                                                            retain_as_published, retain_handling)
                        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                .execute(Tuple.of(clientIdPattern, topicFilter, (short) qos, noLocal, retainAsPublished,
                        (short) retainHandling))
                .compose(rows -> conn.preparedQuery(bump.sql()).execute(bump.args())
                        .map(v -> rows.iterator().next().getLong(0))))
                .compose(id -> reload().map(v -> id));
    }

    public Future<Void> remove(long id) {
        return writes.submit(new GroupCommit.Write("DELETE FROM mqtt_auto_subscription WHERE id = $1", Tuple.of(id)),
                ConfigVersions.bump(ConfigVersions.AUTO_SUBSCRIPTIONS)).compose(v -> reload());
    }
}

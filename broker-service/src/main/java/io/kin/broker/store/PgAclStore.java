package io.kin.broker.store;

import io.kin.broker.auth.AclAction;
import io.kin.broker.auth.AclRule;
import io.kin.broker.auth.AclStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * ACL rules from {@code mqtt_acl}, held in memory as one immutable list (the authorizer runs per message) and
 * reloaded whenever any node changes them.
 */
@ApplicationScoped
public class PgAclStore implements AclStore {

    private static final Logger LOG = Logger.getLogger(PgAclStore.class);

    private final Pool pool;
    private final GroupCommit writes;
    private final ConfigVersions versions;
    private volatile List<AclRule> rules = List.of();

    PgAclStore(Pool pool, GroupCommit writes, ConfigVersions versions) {
        this.pool = pool;
        this.writes = writes;
        this.versions = versions;
        versions.onChange(ConfigVersions.ACL, this::reload);
    }

    /** The first connection must already see the rules: load them before the listeners open. */
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev) throws Exception {
        reload().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Override
    public List<AclRule> rules() {
        return rules;
    }

    Future<Void> reload() {
        return pool.query("SELECT id, username, client_id, action, topic_filter, allow, priority FROM mqtt_acl")
                .execute().map(rows -> {
                    List<AclRule> loaded = new ArrayList<>();
                    for (Row r : rows) {
                        try {
                            loaded.add(new AclRule(r.getLong("id"), r.getString("username"), r.getString("client_id"),
                                    AclAction.valueOf(r.getString("action")), r.getString("topic_filter"),
                                    r.getBoolean("allow"), r.getInteger("priority")));
                        } catch (IllegalArgumentException e) {
                            LOG.warnf("ACL rule %d ignored: %s", r.getLong("id"), e.getMessage());
                        }
                    }
                    rules = List.copyOf(loaded);
                    return (Void) null;
                }).onFailure(e -> LOG.warnf("loading ACL rules failed: %s", e.toString()));
    }

    /** Adds a rule and returns its id; effective on this node when the future completes. */
    public Future<Long> add(String username, String clientId, AclAction action, String topicFilter, boolean allow,
                            int priority) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO mqtt_acl (username, client_id, action, topic_filter, allow, priority)
                        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                .execute(Tuple.of(username, clientId, action.name(), topicFilter, allow, priority))
                .compose(rows -> conn.preparedQuery(ConfigVersions.bump(ConfigVersions.ACL).sql())
                        .execute(ConfigVersions.bump(ConfigVersions.ACL).args())
                        .map(v -> rows.iterator().next().getLong(0))))
                .compose(id -> reload().map(v -> id));
    }

    public Future<Void> remove(long id) {
        return writes.submit(new GroupCommit.Write("DELETE FROM mqtt_acl WHERE id = $1", Tuple.of(id)),
                ConfigVersions.bump(ConfigVersions.ACL)).compose(v -> reload());
    }

    public Future<Void> clear() {
        return writes.submit(new GroupCommit.Write("DELETE FROM mqtt_acl", Tuple.tuple()),
                ConfigVersions.bump(ConfigVersions.ACL)).compose(v -> reload());
    }
}

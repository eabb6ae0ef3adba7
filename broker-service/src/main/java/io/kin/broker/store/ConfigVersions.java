package io.kin.broker.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.kin.broker.config.BrokerConfig;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The change signal for configuration kept in PostgreSQL (users, ACLs, auto-subscriptions, ...): whoever changes
 * an area bumps its version in {@code kin_config_version} in the same transaction, and every node notices within
 * {@code kin.store.config-poll-millis} and drops its caches of that area.
 */
@ApplicationScoped
public class ConfigVersions {

    private static final Logger LOG = Logger.getLogger(ConfigVersions.class);

    public static final String USERS = "users";
    public static final String ACL = "acl";
    public static final String AUTO_SUBSCRIPTIONS = "auto_subscriptions";
    public static final String BRIDGES = "bridges";
    public static final String RULES = "rules";

    /** The statement that marks an area changed; run it in the transaction that changes the area. */
    public static GroupCommit.Write bump(String area) {
        return new GroupCommit.Write("""
                INSERT INTO kin_config_version (area, version, changed_at) VALUES ($1, 1, now())
                ON CONFLICT (area) DO UPDATE SET version = kin_config_version.version + 1, changed_at = now()""",
                Tuple.of(area));
    }

    private final Pool pool;
    private final Vertx vertx;
    private final long pollMillis;
    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> listeners = new ConcurrentHashMap<>();
    private long timer = -1;

    ConfigVersions(Pool pool, Vertx vertx, BrokerConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.pollMillis = config.store().configPollMillis();
    }

    void start(@Observes StartupEvent ev) {
        timer = vertx.setPeriodic(pollMillis, id -> poll());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Runs {@code listener} whenever {@code area} changes (on a Vert.x thread: keep it short). */
    public void onChange(String area, Runnable listener) {
        listeners.computeIfAbsent(area, a -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /** Checks for changes now (tests and writers on this node call it to skip the wait). */
    public io.vertx.core.Future<Void> poll() {
        return pool.query("SELECT area, version FROM kin_config_version").execute().map(rows -> {
            for (Row r : rows) {
                String area = r.getString("area");
                long version = r.getLong("version");
                Long before = seen.put(area, version);
                if (before != null && before != version) {
                    notifyChanged(area);
                }
            }
            return (Void) null;
        }).onFailure(e -> LOG.debugf("config version poll failed: %s", e.toString()));
    }

    /** Tells this node's listeners at once (after a local change, before the poll sees it). */
    public void notifyChanged(String area) {
        for (Runnable r : listeners.getOrDefault(area, List.of())) {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.warnf(e, "listener for %s changes failed", area);
            }
        }
    }
}

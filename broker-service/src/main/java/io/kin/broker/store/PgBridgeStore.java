package io.kin.broker.store;

import io.kin.broker.bridge.BridgeStore;
import io.kin.rules.bridge.BridgeConfig;
import io.kin.rules.bridge.BridgeConfigJson;
import io.kin.rules.bridge.BridgeType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/** Bridge configurations in {@code kin_bridge}; a change bumps the {@code bridges} config version for all nodes. */
@ApplicationScoped
public class PgBridgeStore implements BridgeStore {

    private static final Logger LOG = Logger.getLogger(PgBridgeStore.class);

    private final Pool pool;
    private final ConfigVersions versions;

    PgBridgeStore(Pool pool, ConfigVersions versions) {
        this.pool = pool;
        this.versions = versions;
    }

    @Override
    public Future<List<BridgeConfig>> load() {
        return pool.query("SELECT name, type, enabled, config FROM kin_bridge ORDER BY name").execute().map(rows -> {
            List<BridgeConfig> loaded = new ArrayList<>();
            for (Row r : rows) {
                String name = r.getString("name");
                BridgeType type = type(r.getString("type"));
                if (type == null) {
                    LOG.warnf("stored bridge '%s' left out: unknown type '%s' (one of %s)", name, r.getString("type"),
                            java.util.Arrays.toString(BridgeType.values()));
                    continue;
                }
                try {
                    JsonObject config = r.getJsonObject("config");
                    loaded.add(BridgeConfigJson.fromJson(name, type, r.getBoolean("enabled"),
                            config == null ? null : config.encode()));
                } catch (RuntimeException e) {
                    LOG.warnf("stored bridge '%s' left out: its config cannot be read: %s", name, e.toString());
                }
            }
            return loaded;
        });
    }

    private static BridgeType type(String stored) {
        for (BridgeType t : BridgeType.values()) {
            if (t.name().equalsIgnoreCase(stored)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public Future<Void> save(BridgeConfig config) {
        config.validated();
        GroupCommit.Write bump = ConfigVersions.bump(ConfigVersions.BRIDGES);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                        INSERT INTO kin_bridge (name, type, enabled, config) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (name) DO UPDATE SET type = EXCLUDED.type, enabled = EXCLUDED.enabled,
                                                         config = EXCLUDED.config, updated_at = now()""")
                        .execute(Tuple.of(config.name(), config.type().name(), config.enabled(),
                                new JsonObject(BridgeConfigJson.toJson(config))))
                        .compose(v -> conn.preparedQuery(bump.sql()).execute(bump.args())))
                .<Void>mapEmpty()
                .onSuccess(v -> versions.notifyChanged(ConfigVersions.BRIDGES));
    }

    @Override
    public Future<Boolean> remove(String name) {
        GroupCommit.Write bump = ConfigVersions.bump(ConfigVersions.BRIDGES);
        return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM kin_bridge WHERE name = $1")
                        .execute(Tuple.of(name))
                        .compose(deleted -> conn.preparedQuery(bump.sql()).execute(bump.args())
                                .map(v -> deleted.rowCount() > 0)))
                .onSuccess(v -> versions.notifyChanged(ConfigVersions.BRIDGES));
    }

    @Override
    public void onChange(Runnable listener) {
        versions.onChange(ConfigVersions.BRIDGES, listener);
    }
}

package io.kin.broker.store;

import io.kin.broker.auth.Superusers;
import io.kin.broker.auth.UserCredentials;
import io.kin.broker.auth.UserStore;
import io.kin.credentials.PasswordHasher;
import io.kin.credentials.ScramCredentials;
import io.kin.credentials.StoredPassword;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import io.kin.broker.config.BrokerConfig;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users from {@code mqtt_user}, cached for {@code kin.store.auth-cache-seconds} and dropped from the cache as soon
 * as any node changes a user (the {@code users} config version).
 */
@ApplicationScoped
public class PgUserStore implements UserStore, Superusers {

    private record Cached(Optional<UserCredentials> user, long loadedAt) {
    }

    private final Pool pool;
    private final Vertx vertx;
    private final GroupCommit writes;
    private final ConfigVersions versions;
    private final long ttlMillis;
    private final PasswordHasher hasher = new PasswordHasher();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Set<String> superusers = Set.of();

    PgUserStore(Pool pool, Vertx vertx, GroupCommit writes, ConfigVersions versions, BrokerConfig config) {
        long ttlSeconds = config.store().authCacheSeconds();
        this.pool = pool;
        this.vertx = vertx;
        this.writes = writes;
        this.versions = versions;
        this.ttlMillis = ttlSeconds * 1000;
        versions.onChange(ConfigVersions.USERS, this::invalidate);
        loadSuperusers();
    }

    private void invalidate() {
        cache.clear();
        loadSuperusers();
    }

    private void loadSuperusers() {
        pool.query("SELECT username FROM mqtt_user WHERE superuser").execute().onSuccess(rows -> {
            java.util.HashSet<String> names = new java.util.HashSet<>();
            rows.forEach(r -> names.add(r.getString(0)));
            superusers = Set.copyOf(names);
        });
    }

    @Override
    public boolean includes(String username) {
        return username != null && superusers.contains(username);
    }

    @Override
    public Future<Optional<UserCredentials>> find(String username) {
        Cached c = cache.get(username);
        if (c != null && System.currentTimeMillis() - c.loadedAt() < ttlMillis) {
            return Future.succeededFuture(c.user());
        }
        return pool.preparedQuery("""
                        SELECT username, password_hash, scram_salt, scram_iterations, scram_stored_key, scram_server_key,
                               superuser FROM mqtt_user WHERE username = $1""")
                .execute(Tuple.of(username))
                .map(rows -> {
                    Optional<UserCredentials> user = rows.size() == 0 ? Optional.empty()
                            : Optional.of(toCredentials(rows.iterator().next()));
                    cache.put(username, new Cached(user, System.currentTimeMillis()));
                    return user;
                });
    }

    private static UserCredentials toCredentials(Row r) {
        ScramCredentials scram = new ScramCredentials(r.getBuffer("scram_salt").getBytes(),
                r.getInteger("scram_iterations"), r.getBuffer("scram_stored_key").getBytes(),
                r.getBuffer("scram_server_key").getBytes());
        return new UserCredentials(r.getString("username"), r.getString("password_hash"), scram,
                r.getBoolean("superuser"));
    }

    /** Creates or replaces a user; the password is hashed (PBKDF2) and SCRAM keys derived off the event loop. */
    public Future<Void> put(String username, char[] password, boolean superuser) {
        return vertx.<Tuple>executeBlocking(() -> {
            StoredPassword stored = StoredPassword.of(password, hasher);
            ScramCredentials scram = stored.scram();
            return Tuple.of(username, stored.passwordHash(), Buffer.buffer(scram.salt()), scram.iterations(),
                    Buffer.buffer(scram.storedKey()), Buffer.buffer(scram.serverKey()), superuser);
        }, false).compose(args -> writes.submit(new GroupCommit.Write("""
                INSERT INTO mqtt_user (username, password_hash, scram_salt, scram_iterations, scram_stored_key,
                                       scram_server_key, superuser)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash,
                    scram_salt = EXCLUDED.scram_salt, scram_iterations = EXCLUDED.scram_iterations,
                    scram_stored_key = EXCLUDED.scram_stored_key, scram_server_key = EXCLUDED.scram_server_key,
                    superuser = EXCLUDED.superuser, updated_at = now()""", args),
                ConfigVersions.bump(ConfigVersions.USERS))).onSuccess(v -> versions.notifyChanged(ConfigVersions.USERS));
    }

    public Future<Void> remove(String username) {
        return writes.submit(new GroupCommit.Write("DELETE FROM mqtt_user WHERE username = $1", Tuple.of(username)),
                ConfigVersions.bump(ConfigVersions.USERS)).onSuccess(v -> versions.notifyChanged(ConfigVersions.USERS));
    }
}

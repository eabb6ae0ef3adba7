package io.kin.admin.api.auth;

import io.kin.admin.api.config.AdminApiConfig;
import io.kin.credentials.PasswordHasher;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * Access on a fresh install, from the environment: the first admin user ({@code KIN_ADMIN_USERNAME} and
 * {@code KIN_ADMIN_PASSWORD}) and an admin API key ({@code KIN_ADMIN_API_KEY}). Without either, and with no admin
 * user stored, the log says how to get in.
 */
@Singleton
public class FirstStartAccess {

    private static final Logger LOG = Logger.getLogger(FirstStartAccess.class);
    static final String ENV_KEY_ID = "env";
    static final int MIN_KEY_LENGTH = 20;

    void onStart(@Observes StartupEvent event, AdminApiConfig config, Pool pool) {
        AdminApiConfig.Admin admin = config.admin();
        if (admin.username().isPresent() != admin.password().isPresent()) {
            throw new IllegalStateException("set both KIN_ADMIN_USERNAME and KIN_ADMIN_PASSWORD, or neither");
        }
        if (admin.username().isPresent()) {
            String hash = new PasswordHasher().hash(admin.password().get().toCharArray());
            int created = pool.preparedQuery("INSERT INTO kin_admin_user (username, password_hash, role) "
                            + "VALUES ($1, $2, 'admin') ON CONFLICT (username) DO NOTHING")
                    .execute(Tuple.of(admin.username().get(), hash)).await().indefinitely().rowCount();
            if (created > 0) {
                LOG.infof("created admin user '%s' from KIN_ADMIN_USERNAME / KIN_ADMIN_PASSWORD",
                        admin.username().get());
            }
        }
        if (admin.apiKey().isPresent()) {
            String key = admin.apiKey().get();
            if (key.length() < MIN_KEY_LENGTH) {
                throw new IllegalStateException("KIN_ADMIN_API_KEY must be at least " + MIN_KEY_LENGTH
                        + " characters (e.g. openssl rand -base64 32)");
            }
            pool.preparedQuery("""
                            INSERT INTO kin_api_key (id, name, role, key_hash) VALUES ($1, 'KIN_ADMIN_API_KEY', 'admin', $2)
                            ON CONFLICT (id) DO UPDATE SET key_hash = excluded.key_hash, role = 'admin'""")
                    .execute(Tuple.of(ENV_KEY_ID, Tokens.hash(key))).await().indefinitely();
            LOG.info("API key from KIN_ADMIN_API_KEY accepted (role admin)");
        }
        long admins = pool.query("SELECT count(*) AS n FROM kin_admin_user WHERE role = 'admin'").execute()
                .await().indefinitely().iterator().next().getLong("n");
        if (admins == 0) {
            LOG.warn("no admin user exists, so nobody can log in to the console: start the admin API once with "
                    + "KIN_ADMIN_USERNAME and KIN_ADMIN_PASSWORD set, or create one with an API key "
                    + "(./kin api-key NAME, then POST /api/v1/admin-users)");
        }
    }
}

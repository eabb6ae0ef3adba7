package io.kin.broker.auth;

import io.kin.credentials.PasswordHasher;
import io.kin.credentials.ScramCredentials;
import io.vertx.core.Future;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Users kept in memory: a fixture for the authentication unit tests (the broker reads users from PostgreSQL). */
public class InMemoryUserStore implements UserStore, Superusers {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, UserCredentials> users = new ConcurrentHashMap<>();
    private final PasswordHasher hasher;
    private final int scramIterations;

    public InMemoryUserStore() {
        this(new PasswordHasher(), ScramCredentials.DEFAULT_ITERATIONS);
    }

    public InMemoryUserStore(PasswordHasher hasher, int scramIterations) {
        this.hasher = hasher;
        this.scramIterations = scramIterations;
    }

    /** Adds or replaces a user; slow on purpose (two key derivations), so not for an event loop. */
    public void put(String username, char[] password, boolean superuser) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        ScramCredentials scram = ScramCredentials.derive(password, salt, scramIterations);
        users.put(username, new UserCredentials(username, hasher.hash(password), scram, superuser));
    }

    public boolean remove(String username) {
        return users.remove(username) != null;
    }

    public void clear() {
        users.clear();
    }

    @Override
    public Future<Optional<UserCredentials>> find(String username) {
        return Future.succeededFuture(Optional.ofNullable(username == null ? null : users.get(username)));
    }

    @Override
    public boolean includes(String username) {
        if (username == null) {
            return false;
        }
        UserCredentials user = users.get(username);
        return user != null && user.superuser();
    }
}

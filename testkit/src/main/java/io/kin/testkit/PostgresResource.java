package io.kin.testkit;

import io.kin.embedded.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Gives a Quarkus test a real PostgreSQL: the one named by {@code KIN_TEST_DB_URL} (with {@code KIN_TEST_DB_USER}
 * and {@code KIN_TEST_DB_PASSWORD}) when set, otherwise an embedded server started once per test JVM.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase shared;

    /** The embedded server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedDatabase embedded() {
        if (shared == null) {
            try {
                shared = EmbeddedDatabase.startEphemeral(0);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL for the tests", e);
            }
            EmbeddedDatabase db = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temp directory goes with it
                }
            }));
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        String external = System.getenv("KIN_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return Map.of(
                    "kin.db.url", external,
                    "kin.db.user", System.getenv().getOrDefault("KIN_TEST_DB_USER", "postgres"),
                    "kin.db.password", System.getenv().getOrDefault("KIN_TEST_DB_PASSWORD", "postgres"));
        }
        EmbeddedDatabase db = embedded();
        return Map.of("kin.db.url", db.url(), "kin.db.user", db.user(), "kin.db.password", db.password());
    }

    @Override
    public void stop() {
        // shared across the test classes of this JVM; the shutdown hook stops it
    }
}

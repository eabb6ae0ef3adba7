package io.kin.admin.ui.it;

import io.kin.embedded.EmbeddedDatabase;
import io.kin.testkit.BrokerNodeProcess;
import io.kin.testkit.PostgresResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Everything the console talks to, for real: embedded PostgreSQL, one broker node (the packaged broker-service) and
 * the packaged admin API with a first admin user; the console under test is pointed at that admin API.
 */
public class ConsoleStack implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN = "console-admin";
    public static final String ADMIN_PASSWORD = "console-admin-password";
    public static final String NODE = "console-it-node";

    static volatile BrokerNodeProcess broker;
    static volatile AdminApiProcess adminApi;

    @Override
    public Map<String, String> start() {
        try {
            Files.createDirectories(Path.of("target"));
            String url;
            String user;
            String password;
            String external = System.getenv("KIN_TEST_DB_URL");
            if (external != null && !external.isBlank()) {
                url = external;
                user = System.getenv().getOrDefault("KIN_TEST_DB_USER", "postgres");
                password = System.getenv().getOrDefault("KIN_TEST_DB_PASSWORD", "postgres");
            } else {
                EmbeddedDatabase db = PostgresResource.embedded();
                url = db.url();
                user = db.user();
                password = db.password();
            }
            // the admin API migrates the schema first; the broker then finds it ready
            adminApi = new AdminApiProcess(AdminApiProcess.defaultJar(), url, user, password, ADMIN, ADMIN_PASSWORD,
                    Path.of("target", "console-it-admin-api.log")).start();
            broker = new BrokerNodeProcess(BrokerNodeProcess.defaultJar(), NODE, url, user, password,
                    Path.of("target", "console-it-broker.log"), Map.of()).start();
            return Map.of("kin.admin-api.url", adminApi.url());
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("could not start the console's test stack", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (broker != null) {
                broker.close();
            }
            if (adminApi != null) {
                adminApi.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

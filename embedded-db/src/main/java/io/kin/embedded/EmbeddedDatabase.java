package io.kin.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A real PostgreSQL server (zonky's binaries from Maven Central) run in-process.
 *
 * <p>{@code ./kin up} runs {@link #main} when no external database is configured, keeping the data under
 * {@code ./data/postgres} between runs; the tests start a throw-away instance through the same class.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "kin";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts a server whose data is thrown away on close; port 0 picks a free port. */
    public static EmbeddedDatabase startEphemeral(int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port > 0) {
            builder.setPort(port);
        }
        return withDatabase(builder.start());
    }

    /** Starts a server on {@code port} that keeps its data in {@code dataDirectory} across restarts. */
    public static EmbeddedDatabase startPersistent(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory.getParent() == null ? dataDirectory : dataDirectory.getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .start();
        return withDatabase(postgres);
    }

    private static EmbeddedDatabase withDatabase(EmbeddedPostgres postgres) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("CREATE DATABASE " + DATABASE);
            }
        } catch (SQLException e) {
            postgres.close();
            throw new IOException("embedded PostgreSQL started but database '" + DATABASE + "' could not be created", e);
        }
        return new EmbeddedDatabase(postgres);
    }

    public int port() {
        return postgres.getPort();
    }

    /** The URL form every Kin application takes in {@code KIN_DB_URL}. */
    public String url() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:" + url();
    }

    public String user() {
        return USER;
    }

    /** zonky's server trusts local connections; any password is accepted. */
    public String password() {
        return "postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /**
     * Runs the server in the foreground until the process is told to stop.
     * Arguments: {@code [dataDirectory] [port]}; defaults {@code data/postgres} and 15432.
     * Prints {@code READY <url>} once clients can connect.
     */
    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(args.length > 0 ? args[0] : "data/postgres").toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 15432;
        EmbeddedDatabase db = startPersistent(dataDirectory, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                db.close();
            } catch (IOException e) {
                System.err.println("embedded PostgreSQL did not stop cleanly: " + e.getMessage());
            }
            stopped.countDown();
        }, "embedded-postgres-stop"));
        System.out.println("READY " + db.url() + " (data in " + dataDirectory + ")");
        System.out.flush();
        stopped.await();
    }
}

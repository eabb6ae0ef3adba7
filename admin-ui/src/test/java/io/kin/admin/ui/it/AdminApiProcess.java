package io.kin.admin.ui.it;

import io.kin.testkit.BrokerNodeProcess;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real admin API for the console's browser tests: the packaged admin-api ({@code quarkus-run.jar}) as its own
 * process on a free port against the given PostgreSQL, with a first admin user from KIN_ADMIN_USERNAME/PASSWORD.
 */
public final class AdminApiProcess implements AutoCloseable {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    private final File jar;
    private final Map<String, String> env;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    public AdminApiProcess(File jar, String dbUrl, String dbUser, String dbPassword, String adminUser,
                           String adminPassword, Path log) throws IOException {
        this.jar = jar;
        this.log = log;
        this.port = BrokerNodeProcess.freePort();
        this.env = new HashMap<>(Map.of("KIN_DB_URL", dbUrl, "KIN_DB_USER", dbUser, "KIN_DB_PASSWORD", dbPassword,
                "KIN_HTTP_PORT", Integer.toString(port), "QUARKUS_HTTP_HOST", "127.0.0.1",
                "KIN_ADMIN_USERNAME", adminUser, "KIN_ADMIN_PASSWORD", adminPassword));
    }

    /** The packaged admin API next to this module, or {@code kin.admin-api.jar}. */
    public static File defaultJar() {
        return new File(System.getProperty("kin.admin-api.jar", "../admin-api/target/quarkus-app/quarkus-run.jar"));
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public AdminApiProcess start() throws Exception {
        if (!jar.exists()) {
            throw new IllegalStateException("the packaged admin API is missing at " + jar.getAbsolutePath()
                    + ": package admin-api first (mvn verify from the root builds it before this module)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-jar");
        command.add(jar.getAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("admin API exited with " + process.exitValue() + "; see " + log);
            }
            if (status("/q/health/ready") == 200) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("admin API not ready in 120 s; see " + log);
    }

    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** POST /api/v1/auth/login; the session token. */
    public String login(String username, String password) throws Exception {
        HttpResponse<String> r = post("/api/v1/auth/login", null,
                "{\"username\": \"" + username + "\", \"password\": \"" + password + "\"}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login as " + username + " failed: " + r.statusCode() + " " + r.body());
        }
        Matcher m = TOKEN.matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no token in " + r.body());
        }
        return m.group(1);
    }

    /** A JSON POST, with a bearer token when given. */
    public HttpResponse<String> post(String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A GET with a bearer token. */
    public HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}

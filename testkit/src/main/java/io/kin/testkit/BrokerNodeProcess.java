package io.kin.testkit;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real broker node for another application's tests: the packaged broker ({@code quarkus-run.jar}) started as its
 * own process on free ports (MQTT, HTTP) against a given PostgreSQL, clustering off. Used by the admin API's ITs.
 */
public final class BrokerNodeProcess implements AutoCloseable {

    private static final String JVM_FLAGS = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4"
            + " --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED"
            + " --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-opens java.management/sun.management=ALL-UNNAMED"
            + " --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED";

    private final File jar;
    private final Map<String, String> env;
    private final Path log;
    private final int mqttPort;
    private final int httpPort;
    private Process process;

    /**
     * @param jar      the packaged broker, e.g. {@code ../broker-service/target/quarkus-app/quarkus-run.jar}
     * @param extraEnv more settings (KIN_... variables), overriding the defaults
     */
    public BrokerNodeProcess(File jar, String nodeId, String dbUrl, String dbUser, String dbPassword, Path log,
                             Map<String, String> extraEnv) throws IOException {
        this.jar = jar;
        this.mqttPort = freePort();
        this.httpPort = freePort();
        this.log = log;
        this.env = new HashMap<>(Map.of(
                "KIN_DB_URL", dbUrl, "KIN_DB_USER", dbUser, "KIN_DB_PASSWORD", dbPassword,
                "KIN_MQTT_HOST", "127.0.0.1", "KIN_MQTT_PORT", Integer.toString(mqttPort), "KIN_MQTT_WS_PORT", "-1",
                "KIN_HTTP_PORT", Integer.toString(httpPort), "QUARKUS_HTTP_HOST", "127.0.0.1",
                "KIN_NODE_ID", nodeId));
        this.env.putAll(extraEnv);
    }

    /** The packaged broker next to this module ({@code ../broker-service/target/...}), or {@code kin.broker.jar}. */
    public static File defaultJar() {
        return new File(System.getProperty("kin.broker.jar", "../broker-service/target/quarkus-app/quarkus-run.jar"));
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int mqttPort() {
        return mqttPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Starts the broker and waits until it reports ready. */
    public BrokerNodeProcess start() throws Exception {
        if (!jar.exists()) {
            throw new IllegalStateException("the packaged broker is missing at " + jar.getAbsolutePath()
                    + ": package broker-service first (mvn verify from the root builds it before this module)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(JVM_FLAGS.split(" ")));
        command.add("-Xmx512m");
        command.add("-jar");
        command.add(jar.getAbsolutePath());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        process = pb.start();
        awaitReady(Duration.ofSeconds(120));
        return this;
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with " + process.exitValue() + "; see " + log);
            }
            if (status("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("broker not ready in " + timeout + "; see " + log);
    }

    /** HTTP status of a GET on the broker's HTTP port, or -1 when it does not answer. */
    public int status(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL()
                    .openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(3000);
            int status = c.getResponseCode();
            c.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The body of a GET on the broker's HTTP port, or "" when it does not answer. */
    public String get(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL()
                    .openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(3000);
            java.io.InputStream in = c.getResponseCode() < 400 ? c.getInputStream() : c.getErrorStream();
            String body = in == null ? "" : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            c.disconnect();
            return body;
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGKILL: no shutdown hook, no flush, as in a crash; {@link #start()} brings it back on the same ports. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: an orderly stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** SIGTERM, then SIGKILL if it does not stop within 20 s. */
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

package io.kin.broker.durability;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged broker ({@code target/quarkus-app}) as a separate process, so a test can kill it with SIGKILL and
 * start it again on the same ports and database, as an operator's crash and restart would.
 */
public final class BrokerProcess implements AutoCloseable {

    private static final String JVM_FLAGS = "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4 --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED"
            + " --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-opens java.management/sun.management=ALL-UNNAMED"
            + " --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED";

    private final Map<String, String> env;
    private final Path log;
    private final int mqttPort;
    private final int httpPort;
    private Process process;

    public BrokerProcess(String dbUrl, Path log, Map<String, String> extraEnv) throws IOException {
        this.mqttPort = freePort();
        this.httpPort = freePort();
        this.log = log;
        this.env = new java.util.HashMap<>(Map.of(
                "KIN_DB_URL", dbUrl, "KIN_DB_USER", "postgres", "KIN_DB_PASSWORD", "postgres",
                "KIN_MQTT_PORT", Integer.toString(mqttPort), "KIN_MQTT_WS_PORT", "-1",
                "KIN_HTTP_PORT", Integer.toString(httpPort), "KIN_NODE_ID", "durability-node"));
        this.env.putAll(extraEnv);
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
    public void start() throws Exception {
        File jar = new File("target/quarkus-app/quarkus-run.jar");
        if (!jar.exists()) {
            throw new IllegalStateException("the packaged broker is missing: run these tests with mvn verify");
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
        awaitReady(Duration.ofSeconds(90));
    }

    private void awaitReady(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("broker exited with " + process.exitValue() + "; see " + log);
            }
            if (health("/q/health/ready") == 200) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("broker not ready in " + timeout + "; see " + log);
    }

    /** HTTP status of a health endpoint, or -1 when the broker does not answer. */
    public int health(String path) {
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

    /** The body of an HTTP GET on the broker's HTTP port, or "" when it does not answer. */
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

    /** SIGKILL: no shutdown hook, no flush, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: an orderly stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}

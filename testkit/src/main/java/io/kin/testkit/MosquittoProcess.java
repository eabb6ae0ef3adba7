package io.kin.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A private Mosquitto for a test: its own config, on a free loopback port (never 1883, which belongs to the
 * system's Mosquitto), optionally with one user and with persistence (so it can be stopped and started again on the
 * same port with its sessions). Needs {@code /usr/sbin/mosquitto} ({@code scripts/services.sh up} installs it).
 */
public final class MosquittoProcess implements AutoCloseable {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final Path config;
    private final int port;
    private Process process;

    private MosquittoProcess(Path dir, Path config, int port) {
        this.dir = dir;
        this.config = config;
        this.port = port;
    }

    /**
     * Starts Mosquitto on a free port.
     *
     * @param username null for anonymous access, else the only user allowed in
     */
    public static MosquittoProcess start(String username, String password) throws IOException, InterruptedException {
        if (!Files.isExecutable(MOSQUITTO)) {
            throw new IllegalStateException("these tests need Mosquitto at " + MOSQUITTO
                    + ": run scripts/services.sh up (or apt-get install -y mosquitto)");
        }
        Path dir = Files.createTempDirectory("kin-mosquitto");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        StringBuilder conf = new StringBuilder()
                .append("listener ").append(port).append(" 127.0.0.1\n")
                // started by root, Mosquitto would switch to user mosquitto, who cannot read this private directory
                .append("user ").append(System.getProperty("user.name")).append('\n')
                .append("persistence true\n")
                .append("persistence_location ").append(dir).append("/\n")
                .append("max_queued_messages 100000\n");
        if (username == null) {
            conf.append("allow_anonymous true\n");
        } else {
            Path passwords = dir.resolve("passwords");
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", "-c", passwords.toString(), username, password)
                    .redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
            }
            conf.append("allow_anonymous false\n").append("password_file ").append(passwords).append('\n');
        }
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, conf);
        MosquittoProcess m = new MosquittoProcess(dir, config, port);
        m.startAgain();
        return m;
    }

    public int port() {
        return port;
    }

    /** Starts the stopped process again on the same port (sessions and queued messages come back from disk). */
    public void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(MOSQUITTO.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("Mosquitto did not open 127.0.0.1:" + port + "; its log: "
                + Files.readString(dir.resolve("mosquitto.log")));
    }

    /** Stops the process (SIGTERM: it saves its sessions first). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory
        }
    }
}

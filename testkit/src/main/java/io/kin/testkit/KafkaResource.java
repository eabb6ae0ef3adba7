package io.kin.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import kafka.server.Server;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) inside the test JVM, on free loopback ports,
 * started once per JVM and stopped when it exits. Use it as a Quarkus test resource (it sets
 * {@code kafka.bootstrap.servers}) or call {@link #bootstrapServers()} from a plain JUnit test.
 *
 * <p>Needs {@code org.apache.kafka:kafka_2.13} on the test classpath (an optional dependency of this module).
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    // strong references: java.util.logging forgets the level of a logger nobody holds
    private static final Logger[] QUIET = {Logger.getLogger("kafka"), Logger.getLogger("org.apache.kafka"),
            Logger.getLogger("state.change.logger")};

    private static String bootstrapServers;

    /** host:port of the shared broker, starting it on first use (about 2 s). */
    public static synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            try {
                bootstrapServers = launch();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the in-process Kafka broker", e);
            }
        }
        return bootstrapServers;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // shared across the test classes of this JVM; the shutdown hook stops it
    }

    private static String launch() throws IOException {
        for (Logger l : QUIET) {
            l.setLevel(Level.WARNING);
        }
        Path dir = Files.createTempDirectory("kin-kafka");
        int port = freePort();
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("num.partitions", "1");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        Path config = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            p.store(w, "kin test kafka");
        }
        int formatted = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(), "-c",
                config.toString()}, new PrintStream(OutputStream.nullOutputStream()));
        if (formatted != 0) {
            throw new IOException("formatting the Kafka log directory " + dir + " failed (exit " + formatted + ")");
        }
        Server server = newServer(p);
        server.startup();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            server.awaitShutdown();
            deleteTree(dir);
        }));
        String servers = "127.0.0.1:" + port;
        awaitReady(servers);
        return servers;
    }

    /**
     * {@code new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM)}, reflectively: KafkaConfig's
     * superclass is in kafka-server, which kafka_2.13 only has at run time and the Quarkus BOM does not manage, so
     * compiling against it would mean pinning a Kafka version of our own.
     */
    private static Server newServer(Properties p) throws IOException {
        try {
            Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
            Object config = configClass.getMethod("fromProps", Properties.class, boolean.class).invoke(null, p, false);
            return (Server) KafkaRaftServer.class.getConstructor(configClass, Time.class).newInstance(config, Time.SYSTEM);
        } catch (ReflectiveOperationException e) {
            throw new IOException("cannot create the in-process Kafka server", e);
        }
    }

    /** The broker has registered with its controller once the cluster lists it. */
    private static void awaitReady(String servers) throws IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            if (admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).isEmpty()) {
                throw new IOException("the in-process Kafka broker at " + servers + " lists no nodes");
            }
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("the in-process Kafka broker at " + servers + " did not become ready", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory; the OS cleans up eventually
        }
    }
}

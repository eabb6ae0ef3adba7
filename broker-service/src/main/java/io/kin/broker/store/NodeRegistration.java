package io.kin.broker.store;

import io.kin.broker.config.BrokerConfig;
import io.kin.broker.mqtt.MqttListeners;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Records this node in {@code kin_node} at start-up, so operators see which nodes ever served this database, with
 * the URL of its internal HTTP endpoints; a heartbeat keeps {@code last_seen} fresh while the node runs, and the URL
 * is cleared when it stops. The admin API fans out to the nodes that are up.
 */
@ApplicationScoped
public class NodeRegistration {

    private static final Logger LOG = Logger.getLogger(NodeRegistration.class);

    private final Pool pool;
    private final BrokerConfig config;
    private final MqttListeners listeners;
    private final Vertx vertx;
    private volatile int httpPort = -1;
    private volatile long heartbeat = -1;

    NodeRegistration(Pool pool, BrokerConfig config, MqttListeners listeners, Vertx vertx) {
        this.pool = pool;
        this.config = config;
        this.listeners = listeners;
        this.vertx = vertx;
    }

    /** Before anything publishes: message ids carry the node, so two nodes never make the same id. */
    void nodeBits(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev) {
        io.kin.broker.message.MessageIds.configureNode(config.node().id());
    }

    /** The HTTP port really bound (a configured port of 0 picks one); the URL is recorded again at once. */
    void httpStarted(@Observes HttpServerStart ev) {
        learnPort(ev.options().getPort());
    }

    void httpStartedAsync(@ObservesAsync HttpServerStart ev) {
        learnPort(ev.options().getPort());
    }

    private void learnPort(int port) {
        if (port > 0 && port != httpPort) {
            httpPort = port;
            if (heartbeat >= 0) {
                beat();
            }
        }
    }

    // after the listeners (default priority APPLICATION + 500) so the bound port is known
    void register(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 900) StartupEvent ev) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String version = NodeRegistration.class.getPackage().getImplementationVersion();
        pool.preparedQuery("""
                        INSERT INTO kin_node (node_id, version, mqtt_port, started_at, last_seen, internal_url)
                        VALUES ($1, $2, $3, $4, $4, $5)
                        ON CONFLICT (node_id) DO UPDATE
                        SET version = EXCLUDED.version, mqtt_port = EXCLUDED.mqtt_port,
                            started_at = EXCLUDED.started_at, last_seen = EXCLUDED.last_seen,
                            internal_url = EXCLUDED.internal_url""")
                .execute(Tuple.of(config.node().id(), version == null ? "dev" : version,
                        listeners.port(MqttListeners.Kind.TCP), now, internalUrl()))
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("node %s registered in PostgreSQL", config.node().id());
        long every = Math.max(1, config.node().heartbeatSeconds()) * 1000L;
        // the first beat soon: with a configured HTTP port of 0 the bound port is known only once the server is up
        heartbeat = vertx.setPeriodic(Math.min(every, 1000), every, id -> beat());
    }

    private void beat() {
        pool.preparedQuery("UPDATE kin_node SET last_seen = now(), internal_url = $2 WHERE node_id = $1")
                .execute(Tuple.of(config.node().id(), internalUrl()))
                .subscribe().with(rows -> { }, e -> LOG.debugf("node heartbeat failed: %s", e.toString()));
    }

    void stop(@Observes ShutdownEvent ev) {
        if (heartbeat >= 0) {
            vertx.cancelTimer(heartbeat);
        }
        try {
            pool.preparedQuery("UPDATE kin_node SET internal_url = NULL WHERE node_id = $1")
                    .execute(Tuple.of(config.node().id())).await().atMost(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("could not mark node %s stopped: %s", config.node().id(), e.toString());
        }
    }

    /** Where the admin API reaches this node's {@code /internal/v1} endpoints. */
    public String internalUrl() {
        if (config.node().internalUrl().isPresent() && !config.node().internalUrl().get().isBlank()) {
            return config.node().internalUrl().get();
        }
        String host = config.cluster().host().filter(h -> !h.isBlank()).orElse("127.0.0.1");
        return "http://" + host + ":" + httpPort();
    }

    /** This node's own HTTP endpoints over loopback, whatever URL it announces. */
    public String loopbackUrl() {
        return "http://127.0.0.1:" + httpPort();
    }

    private int httpPort() {
        if (httpPort > 0) {
            return httpPort;
        }
        String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        String set = System.getProperty(key); // Quarkus records a port it picked here
        if (set != null && !set.isBlank() && !set.trim().equals("0")) {
            return Integer.parseInt(set.trim());
        }
        return ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(config.http().port());
    }
}

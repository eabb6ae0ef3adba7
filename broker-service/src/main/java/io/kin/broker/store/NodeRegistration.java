package io.kin.broker.store;

import io.kin.broker.config.BrokerConfig;
import io.kin.broker.mqtt.MqttListeners;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Records this node in {@code kin_node} at start-up, so operators see which nodes ever served this database. */
@ApplicationScoped
public class NodeRegistration {

    private static final Logger LOG = Logger.getLogger(NodeRegistration.class);

    private final Pool pool;
    private final BrokerConfig config;
    private final MqttListeners listeners;

    NodeRegistration(Pool pool, BrokerConfig config, MqttListeners listeners) {
        this.pool = pool;
        this.config = config;
        this.listeners = listeners;
    }

    /** Before anything publishes: message ids carry the node, so two nodes never make the same id. */
    void nodeBits(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE) StartupEvent ev) {
        io.kin.broker.message.MessageIds.configureNode(config.node().id());
    }

    // after the listeners (default priority APPLICATION + 500) so the bound port is known
    void register(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 900) StartupEvent ev) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String version = NodeRegistration.class.getPackage().getImplementationVersion();
        pool.preparedQuery("""
                        INSERT INTO kin_node (node_id, version, mqtt_port, started_at, last_seen)
                        VALUES ($1, $2, $3, $4, $4)
                        ON CONFLICT (node_id) DO UPDATE
                        SET version = EXCLUDED.version, mqtt_port = EXCLUDED.mqtt_port,
                            started_at = EXCLUDED.started_at, last_seen = EXCLUDED.last_seen""")
                .execute(Tuple.of(config.node().id(), version == null ? "dev" : version,
                        listeners.port(MqttListeners.Kind.TCP), now))
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("node %s registered in PostgreSQL", config.node().id());
    }
}

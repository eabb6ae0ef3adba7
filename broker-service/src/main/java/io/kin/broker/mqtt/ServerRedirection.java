package io.kin.broker.mqtt;

import io.kin.broker.config.BrokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * MQTT 5 server redirection: while a server reference is set, new connections are refused with it (0x9C "use
 * another server", or 0x9D "server moved" when permanent). Set from configuration, or at run time to drain a node,
 * which also sends the connected clients elsewhere.
 */
@ApplicationScoped
public class ServerRedirection {

    private static final Logger LOG = Logger.getLogger(ServerRedirection.class);

    public record Target(String serverReference, boolean permanent) {
    }

    private final MqttConnections connections;
    private volatile Target target;

    ServerRedirection(BrokerConfig config, MqttConnections connections) {
        this.connections = connections;
        this.target = config.mqtt().redirect().serverReference().filter(s -> !s.isBlank())
                .map(ref -> new Target(ref, config.mqtt().redirect().permanent())).orElse(null);
    }

    public Optional<Target> target() {
        return Optional.ofNullable(target);
    }

    /** Redirects new connections and moves the connected MQTT 5 clients (MQTT 3 clients are disconnected). */
    public int drainTo(String serverReference, boolean permanent) {
        target = new Target(serverReference, permanent);
        int moved = 0;
        for (MqttConnection c : connections.all()) {
            c.redirect(serverReference, permanent);
            moved++;
        }
        LOG.infof("draining: %d clients sent to %s", moved, serverReference);
        return moved;
    }

    /** Accepts connections again. */
    public void stop() {
        target = null;
    }
}

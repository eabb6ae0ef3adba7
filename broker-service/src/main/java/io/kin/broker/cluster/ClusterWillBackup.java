package io.kin.broker.cluster;

import com.hazelcast.map.IMap;
import io.kin.broker.mqtt.connect.Will;
import io.kin.broker.mqtt.connect.WillBackup;
import io.kin.broker.mqtt.connect.WillMessages;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Provider;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The wills of connected clients in a Hazelcast map (with a backup copy on another member): when a node dies, the
 * oldest surviving node publishes the wills of that node's clients, each after its will delay.
 */
@ApplicationScoped
public class ClusterWillBackup implements WillBackup {

    private static final Logger LOG = Logger.getLogger(ClusterWillBackup.class);

    /** A will as kept in the cluster: whose node holds the connection, the will, and the session expiry. */
    record Kept(String node, Will will, long sessionExpirySeconds) implements java.io.Serializable {
    }

    private final ClusterMembership membership;
    private final Provider<WillMessages> wills;
    private volatile IMap<String, Kept> kept;

    ClusterWillBackup(ClusterMembership membership, Provider<WillMessages> wills) {
        this.membership = membership;
        this.wills = wills;
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 50) StartupEvent ev) {
        if (!membership.enabled()) {
            return;
        }
        kept = membership.hazelcast().getMap("kin-wills");
        membership.onNodeLeft(this::publishWillsOf);
    }

    @Override
    public void armed(String clientId, Will will, long sessionExpirySeconds) {
        IMap<String, Kept> map = kept;
        if (map != null) {
            map.setAsync(clientId, new Kept(membership.nodeId(), will, sessionExpirySeconds));
        }
    }

    @Override
    public void disarmed(String clientId) {
        IMap<String, Kept> map = kept;
        if (map == null) {
            return;
        }
        // only this node's entry: a takeover elsewhere may already have armed the new connection's will
        String self = membership.nodeId();
        map.getAsync(clientId).thenAccept(k -> {
            if (k != null && self.equals(k.node())) {
                map.remove(clientId, k);
            }
        });
    }

    private void publishWillsOf(String deadNode) {
        if (!membership.isOldest() || kept == null) {
            return;
        }
        int count = 0;
        for (Map.Entry<String, Kept> e : kept.entrySet()) {
            Kept k = e.getValue();
            if (deadNode.equals(k.node()) && kept.remove(e.getKey(), k)) {
                wills.get().connectionLost(e.getKey(), k.will(), k.sessionExpirySeconds());
                count++;
            }
        }
        if (count > 0) {
            LOG.infof("publishing %d wills of clients of node %s", count, deadNode);
        }
    }
}

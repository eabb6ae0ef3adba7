package io.kin.broker.cluster;

import com.hazelcast.replicatedmap.ReplicatedMap;
import io.kin.broker.sys.NodeFigures;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * $SYS figures of every node in a Hazelcast replicated map; nodes that left are left out of the totals. Reads are
 * local; the write of this node's figures goes through a thread of its own, since a replicated map's put waits for
 * the cluster (seconds while a member leaves) and the caller is an event loop.
 */
@ApplicationScoped
public class ClusterNodeFigures implements NodeFigures {

    private final ClusterMembership membership;
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
                Thread t = new Thread(r, "kin-sys-figures");
                t.setDaemon(true);
                return t;
            });
    private final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean();

    ClusterNodeFigures(ClusterMembership membership) {
        this.membership = membership;
    }

    @Override
    public Map<String, Map<String, String>> exchange(String node, Map<String, String> mine) {
        if (!membership.enabled()) {
            return Map.of(node, mine);
        }
        ReplicatedMap<String, HashMap<String, String>> figures = membership.hazelcast().getReplicatedMap("kin-sys");
        HashMap<String, String> copy = new HashMap<>(mine);
        if (writing.compareAndSet(false, true)) { // a write still waiting is not joined by another
            writer.execute(() -> {
                try {
                    figures.put(node, copy);
                } catch (RuntimeException e) {
                    // shutting down or the cluster is unavailable: the next interval tries again
                } finally {
                    writing.set(false);
                }
            });
        }
        Set<String> live = membership.nodes();
        Map<String, Map<String, String>> all = new HashMap<>();
        figures.forEach((n, f) -> {
            if (live.contains(n)) {
                all.put(n, f);
            }
        });
        all.put(node, mine);
        return all;
    }
}

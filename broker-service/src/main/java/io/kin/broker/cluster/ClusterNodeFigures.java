package io.kin.broker.cluster;

import com.hazelcast.replicatedmap.ReplicatedMap;
import io.kin.broker.sys.NodeFigures;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** $SYS figures of every node in a Hazelcast replicated map; nodes that left are left out of the totals. */
@ApplicationScoped
public class ClusterNodeFigures implements NodeFigures {

    private final ClusterMembership membership;

    ClusterNodeFigures(ClusterMembership membership) {
        this.membership = membership;
    }

    @Override
    public Map<String, Map<String, String>> exchange(String node, Map<String, String> mine) {
        if (!membership.enabled()) {
            return Map.of(node, mine);
        }
        ReplicatedMap<String, HashMap<String, String>> figures = membership.hazelcast().getReplicatedMap("kin-sys");
        figures.put(node, new HashMap<>(mine));
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

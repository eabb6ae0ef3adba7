package io.kin.admin.api.bridges;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;

@Schema(name = "BridgeStatus", description = "A stored bridge's live state on every broker node that is up, and a "
        + "summary for the cluster", example = """
        {"name": "kafka-main", "type": "KAFKA", "enabled": true, "state": "CONNECTED", "nodesUp": 2,
         "nodesConnected": 2, "buffered": 0, "sent": 3036, "failed": 2, "dropped": 0, "retries": 5,
         "lastError": null, "lastErrorAt": null, "lastErrorNode": null,
         "nodes": [{"node": "node-1", "name": "kafka-main", "type": "KAFKA", "state": "CONNECTED", "buffered": 0,
                    "capacity": 10000, "enqueued": 1520, "sent": 1518, "failed": 2, "dropped": 0, "retries": 5}]}""")
public record BridgeStatusView(
        @Schema(example = "kafka-main") String name,
        @Schema(enumeration = {"HTTP", "KAFKA", "RABBITMQ", "MQTT"}, example = "KAFKA") String type,
        @Schema(description = "As stored") boolean enabled,
        @Schema(description = "The cluster's state: DISABLED when the bridge is switched off; else the worst of the "
                + "nodes' states (DISCONNECTED over CONNECTING over CONNECTED); PENDING when no node that answered "
                + "runs the bridge yet (brokers apply changes within a second)",
                enumeration = {"CONNECTED", "CONNECTING", "DISCONNECTED", "DISABLED", "PENDING"},
                example = "CONNECTED") String state,
        @Schema(description = "Broker nodes that answered", example = "2") int nodesUp,
        @Schema(description = "Nodes where the bridge is CONNECTED", example = "2") int nodesConnected,
        @Schema(description = "Records buffered, summed over the nodes", example = "0") long buffered,
        @Schema(description = "Records sent, summed over the nodes", example = "3036") long sent,
        @Schema(description = "Records given up on, summed over the nodes", example = "2") long failed,
        @Schema(description = "Records dropped, summed over the nodes", example = "0") long dropped,
        @Schema(description = "Retries, summed over the nodes", example = "5") long retries,
        @Schema(description = "The most recent error on any node") String lastError,
        OffsetDateTime lastErrorAt,
        @Schema(description = "The node of lastError") String lastErrorNode,
        @Schema(description = "Each node's own state, by node id; nodes that have not applied the bridge yet are "
                + "left out") List<BridgeNodeStatus> nodes) {
}

package io.kin.admin.api.nodes;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "Node", description = "A broker node that has started against this database")
public record NodeView(
        @Schema(example = "node-1") String nodeId,
        @Schema(example = "0.1.0-SNAPSHOT") String version,
        @Schema(example = "1883") int mqttPort,
        OffsetDateTime startedAt,
        @Schema(description = "Heartbeat, refreshed every few seconds while the node runs") OffsetDateTime lastSeen,
        @Schema(description = "Running now: a fresh heartbeat and its internal endpoints known") boolean up) {
}

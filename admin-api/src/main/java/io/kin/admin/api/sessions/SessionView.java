package io.kin.admin.api.sessions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "Session", description = "A session a node holds, its client connected or not")
public record SessionView(
        @Schema(example = "sensor-17") String clientId,
        @Schema(example = "alice") String username,
        @Schema(description = "The node holding it", example = "node-1") String node,
        boolean connected,
        @Schema(description = "Kept in PostgreSQL; outlives the connection") boolean persistent,
        @Schema(example = "3600") long expiryIntervalSeconds,
        @Schema(description = "When the client disconnected; absent while connected") OffsetDateTime disconnectedAt,
        @Schema(example = "2") int subscriptions,
        @Schema(example = "0") int inflight,
        @Schema(example = "12") int queued) {
}

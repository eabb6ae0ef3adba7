package io.kin.admin.api.bridges;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "BridgeNodeStatus", description = "A bridge's live state on one broker node; the counters count since "
        + "the node started (they survive changes of the bridge's configuration)")
public record BridgeNodeStatus(
        @Schema(example = "node-1") String node,
        @Schema(example = "kafka-main") String name,
        @Schema(enumeration = {"HTTP", "KAFKA", "RABBITMQ", "MQTT"}, example = "KAFKA") String type,
        @Schema(description = "CONNECTING: opening the first connection; CONNECTED: the last connection attempt or "
                + "delivery got through; DISCONNECTED: the last attempt failed (see lastError), records are buffered "
                + "and retried with back-off; DISABLED: switched off; CLOSED: being replaced or removed",
                enumeration = {"CONNECTING", "CONNECTED", "DISCONNECTED", "DISABLED", "CLOSED"}, example = "CONNECTED")
        String state,
        @Schema(description = "Records waiting in the buffer", example = "0") int buffered,
        @Schema(description = "The buffer's size", example = "10000") int capacity,
        @Schema(description = "Records handed to the bridge", example = "1520") long enqueued,
        @Schema(description = "Records the system took", example = "1518") long sent,
        @Schema(description = "Records given up on", example = "2") long failed,
        @Schema(description = "Records dropped (buffer full, disabled, closed)", example = "0") long dropped,
        @Schema(description = "Delivery attempts repeated after a failure", example = "5") long retries,
        @Schema(description = "The most recent connection or delivery error", example = "Connection refused")
        String lastError,
        OffsetDateTime lastErrorAt,
        @Schema(description = "Why records were last dropped") String lastDrop,
        OffsetDateTime lastDropAt) {
}

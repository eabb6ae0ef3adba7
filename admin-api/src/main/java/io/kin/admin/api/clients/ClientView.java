package io.kin.admin.api.clients;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "Client", description = "A connected MQTT client")
public record ClientView(
        @Schema(example = "sensor-17") String clientId,
        @Schema(example = "alice") String username,
        @Schema(example = "10.0.3.7") String ipAddress,
        @Schema(description = "The node it is connected to", example = "node-1") String node,
        @Schema(description = "3 (3.1), 4 (3.1.1) or 5", example = "5") int protocolVersion,
        boolean cleanStart,
        @Schema(example = "60") int keepAliveSeconds,
        @Schema(description = "TCP, WS, TLS or WSS", example = "TCP") String listener,
        OffsetDateTime connectedAt,
        @Schema(description = "Whether its session outlives the connection") boolean persistent,
        @Schema(example = "3600") long sessionExpirySeconds,
        @Schema(description = "Number of subscriptions", example = "2") int subscriptions,
        @Schema(description = "QoS 1 and 2 messages sent and not yet acknowledged", example = "0") int inflight,
        @Schema(description = "Messages waiting to be sent", example = "0") int queued) {
}

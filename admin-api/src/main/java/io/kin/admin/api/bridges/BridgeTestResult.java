package io.kin.admin.api.bridges;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "BridgeTestResult", description = "What one broker node found when it connected to the bridge's "
        + "system with the configuration (and let go again): ok with a detail, or not ok with the error",
        example = "{\"ok\": true, \"node\": \"node-1\", \"millis\": 42, "
                + "\"detail\": \"Kafka cluster 5L6g3nShT-eMCtK--X86sw with 3 brokers; topic telemetry has 6 partition(s)\"}")
public record BridgeTestResult(
        @Schema(description = "Whether the system was reached and accepted the connection") boolean ok,
        @Schema(description = "The broker node that tried", example = "node-1") String node,
        @Schema(description = "How long the attempt took", example = "42") long millis,
        @Schema(description = "What answered (when ok)", example = "HEAD https://hooks.example/in answered HTTP 204")
        String detail,
        @Schema(description = "Why it failed (when not ok)",
                example = "cannot connect to MQTT broker 10.0.0.5:1883: Connection refused") String error) {
}

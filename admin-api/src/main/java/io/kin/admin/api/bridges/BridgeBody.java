package io.kin.admin.api.bridges;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * A bridge as written by an operator: create (POST) or replace (PUT). Checked exactly as a broker checks it
 * ({@link io.kin.rules.bridge.BridgeConfig#problems()}); left-out numbers take the brokers' defaults.
 */
@Schema(name = "BridgeBody")
public record BridgeBody(
        @Schema(description = "Unique name that rule actions use; required on create, taken from the path on replace. "
                + "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit", example = "kafka-main")
        String name,
        @Schema(description = "The external system", enumeration = {"HTTP", "KAFKA", "RABBITMQ", "MQTT"},
                example = "KAFKA") String type,
        @Schema(description = "Defaults to true") Boolean enabled,
        @Schema(description = "The settings of the type, as strings. HTTP: url (required), method, timeout-ms, "
                + "header.<name>. KAFKA: bootstrap-servers (required), topic, acks, linger-ms, batch-size, timeout-ms, "
                + "producer.<kafka property>. RABBITMQ: uri (required, amqp:// or amqps://), exchange, routing-key, "
                + "persistent, content-type, timeout-ms. MQTT: host (required), port, username, password, tls, "
                + "tls-trust-all, client-id, topic, qos, retain, keep-alive-seconds, timeout-ms. Unknown keys are "
                + "refused. On replace, a secret sent back masked as read (\"***\", or a URI with ***@) keeps its "
                + "stored value.",
                example = "{\"bootstrap-servers\": \"kafka-1:9092,kafka-2:9092\", \"topic\": \"mqtt-events\"}")
        Map<String, String> settings,
        @Schema(description = "Records held while the system is slow or down (1 to 1000000); defaults to 10000")
        Integer bufferSize,
        @Schema(description = "Further attempts after a failed delivery (0 to 1000); defaults to 3") Integer maxRetries,
        @Schema(description = "Wait after the first failure, doubling per failure in a row; defaults to 500")
        Long backoffMillis,
        @Schema(description = "Longest wait between attempts (backoff to 1 hour); defaults to 30000")
        Long maxBackoffMillis,
        @Schema(description = "Deliveries under way at once (1 to 1000); defaults to 16") Integer maxInflight) {
}

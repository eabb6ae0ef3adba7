package io.kin.admin.api.bridges;

import io.kin.admin.api.revision.Revised;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.Map;

@Schema(name = "Bridge", description = "A stored bridge; secrets in its settings are masked")
public record BridgeView(
        @Schema(example = "kafka-main") String name,
        @Schema(enumeration = {"HTTP", "KAFKA", "RABBITMQ", "MQTT"}, example = "KAFKA") String type,
        boolean enabled,
        @Schema(description = "Passwords, secrets, tokens and authorization headers read as \"***\", credentials in "
                + "URIs as ***@", example = "{\"uri\": \"amqp://***@rabbit:5672\", \"exchange\": \"events\"}")
        Map<String, String> settings,
        @Schema(example = "10000") int bufferSize,
        @Schema(example = "3") int maxRetries,
        @Schema(example = "500") long backoffMillis,
        @Schema(example = "30000") long maxBackoffMillis,
        @Schema(example = "16") int maxInflight,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @Schema(description = "Changes with every update; the ETag, to send as If-Match", example = "48213")
        String revision) implements Revised {
}

package io.kin.admin.api.delayed;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "DelayedMessage", description = "A message published to $delayed/{seconds}/{topic}, waiting")
public record DelayedView(
        @Schema(example = "72057594037928193") long id,
        @Schema(description = "The node that will publish it", example = "node-1") String node,
        @Schema(example = "alerts/reminder") String topic,
        @Schema(description = "UTF-8 text, or base64 when payloadEncoding is base64") String payload,
        @Schema(enumeration = {"plain", "base64"}) String payloadEncoding,
        @Schema(example = "1") int qos,
        boolean retain,
        String publisherClientId,
        @Schema(description = "When it will be published") OffsetDateTime dueAt) {
}

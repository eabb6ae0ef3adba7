package io.kin.admin.api.retained;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "RetainedMessage", description = "The retained message of a topic")
public record RetainedView(
        @Schema(example = "sensors/17/temp") String topic,
        @Schema(description = "UTF-8 text, or base64 when payloadEncoding is base64", example = "21.5") String payload,
        @Schema(enumeration = {"plain", "base64"}) String payloadEncoding,
        @Schema(example = "1") int qos,
        @Schema(description = "Absent for messages the broker or the admin API published") String publisherClientId,
        OffsetDateTime createdAt,
        @Schema(description = "When it expires; absent = never") OffsetDateTime expiresAt) {
}

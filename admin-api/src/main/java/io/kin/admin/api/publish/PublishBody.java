package io.kin.admin.api.publish;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "PublishBody", description = "A message to publish, as a client would")
public record PublishBody(
        @NotBlank @Schema(example = "alerts/maintenance", required = true) String topic,
        @Schema(description = "UTF-8 text, or base64 when payloadEncoding is base64", example = "back at 14:00")
        String payload,
        @Pattern(regexp = "plain|base64") @Schema(enumeration = {"plain", "base64"}, defaultValue = "plain")
        String payloadEncoding,
        @Min(0) @Max(2) @Schema(example = "1", defaultValue = "0") Integer qos,
        @Schema(defaultValue = "false") Boolean retain,
        @Min(0) @Schema(description = "Message Expiry Interval; absent or 0 = never") Long messageExpirySeconds) {
}

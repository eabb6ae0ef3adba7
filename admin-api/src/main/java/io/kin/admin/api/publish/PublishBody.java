package io.kin.admin.api.publish;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "PublishBody", description = "A message to publish, as a client would")
public record PublishBody(
        @NotBlank @Schema(example = "alerts/maintenance", required = true) String topic,
        @Schema(description = "UTF-8 text, or base64 when payloadEncoding is base64", example = "back at 14:00")
        String payload,
        @Pattern(regexp = "plain|base64") @Schema(enumeration = {"plain", "base64"}, defaultValue = "plain")
        String payloadEncoding,
        @Min(0) @Max(2) @Schema(example = "1", defaultValue = "0") Integer qos,
        @Schema(defaultValue = "false") Boolean retain,
        @Min(0) @Schema(description = "Message Expiry Interval; absent or 0 = never") Long messageExpirySeconds,
        @Size(max = 256) @Schema(description = "MQTT 5 content type", example = "text/plain") String contentType,
        @Schema(description = "MQTT 5 response topic (request/response)", example = "replies/console")
        String responseTopic,
        @Schema(description = "MQTT 5 correlation data, as UTF-8 text", example = "req-42") String correlationData,
        @Schema(description = "MQTT 5 user properties, in order (a key may repeat)")
        List<@Valid UserProperty> userProperties) {

    @Schema(name = "UserProperty")
    public record UserProperty(@NotNull @Schema(example = "origin") String key,
                               @NotNull @Schema(example = "console") String value) {
    }
}

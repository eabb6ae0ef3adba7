package io.kin.admin.api.autosub;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An auto-subscription rule as written by an operator: create (POST) or replace (PUT). */
@Schema(name = "AutoSubscriptionBody")
public record AutoSubscriptionBody(
        @Schema(description = "Which clients get the subscription: a glob over the client id, '*' any run of "
                + "characters, '?' one character", example = "sensor-*") @NotBlank @Size(max = 65535)
        String clientIdPattern,
        @Schema(description = "The topic filter the client is subscribed to as soon as it connects; ${clientid} and "
                + "${username} are filled in with the client's (a rule with ${username} skips anonymous clients). May "
                + "be shared: $share/{group}/{filter}", example = "commands/${clientid}/#") @NotBlank
        String topicFilter,
        @Schema(description = "Maximum QoS 0, 1 or 2; defaults to 0", example = "1") @Min(0) @Max(2) Integer qos,
        @Schema(description = "MQTT 5 No Local: not sent the client's own messages; not with a shared filter; "
                + "defaults to false") Boolean noLocal,
        @Schema(description = "MQTT 5 Retain As Published; defaults to false") Boolean retainAsPublished,
        @Schema(description = "MQTT 5 Retain Handling: 0 send retained messages on subscribing, 1 only if the "
                + "subscription is new, 2 never; defaults to 0", example = "0") @Min(0) @Max(2) Integer retainHandling) {
}

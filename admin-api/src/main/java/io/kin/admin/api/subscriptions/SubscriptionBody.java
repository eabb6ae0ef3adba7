package io.kin.admin.api.subscriptions;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "SubscriptionBody", description = "A subscription to add to a client's session, as if the client "
        + "had sent SUBSCRIBE")
public record SubscriptionBody(
        @NotBlank @Schema(example = "alerts/#", required = true) String filter,
        @Min(0) @Max(2) @Schema(example = "1", defaultValue = "0") Integer qos,
        @Schema(defaultValue = "false") Boolean noLocal,
        @Schema(defaultValue = "false") Boolean retainAsPublished,
        @Min(0) @Max(2) @Schema(description = "0 send retained messages now, 1 only if new, 2 never",
                defaultValue = "0") Integer retainHandling) {
}

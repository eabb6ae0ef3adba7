package io.kin.admin.api.subscriptions;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(name = "Subscription", description = "One subscription of one session")
public record SubscriptionView(
        @Schema(example = "sensor-17") String clientId,
        @Schema(description = "The node holding the session", example = "node-1") String node,
        @Schema(description = "The filter as subscribed, with any $share/{group}/ prefix", example = "sensors/+/temp")
        String filter,
        @Schema(description = "Shared subscription group, absent when not shared") String shareGroup,
        @Schema(example = "1") int qos,
        boolean noLocal,
        boolean retainAsPublished,
        @Schema(example = "0") int retainHandling) {
}

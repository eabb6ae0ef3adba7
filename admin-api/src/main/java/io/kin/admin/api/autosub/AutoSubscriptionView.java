package io.kin.admin.api.autosub;

import io.kin.admin.api.revision.Revised;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;

@Schema(name = "AutoSubscription", description = "A stored auto-subscription rule")
public record AutoSubscriptionView(
        @Schema(example = "3") long id,
        @Schema(example = "sensor-*") String clientIdPattern,
        @Schema(example = "commands/${clientid}/#") String topicFilter,
        @Schema(example = "1") int qos,
        boolean noLocal,
        boolean retainAsPublished,
        @Schema(example = "0") int retainHandling,
        OffsetDateTime createdAt,
        @Schema(description = "Changes with every update; the ETag, to send as If-Match", example = "48213")
        String revision) implements Revised {
}

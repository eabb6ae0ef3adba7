package io.kin.admin.api.rules;

import io.kin.admin.api.revision.Revised;
import io.kin.rules.action.RuleAction;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;

@Schema(name = "Rule", description = "A stored rule")
public record RuleView(
        @Schema(example = "hot-b7") String id,
        @Schema(example = "Hot sensors of building 7") String name,
        String description,
        @Schema(example = "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30") String sql,
        boolean enabled,
        List<RuleAction> actions,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        @Schema(description = "Changes with every update; the ETag, to send as If-Match", example = "48213")
        String revision) implements Revised {
}

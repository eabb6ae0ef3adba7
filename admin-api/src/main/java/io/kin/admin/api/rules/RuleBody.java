package io.kin.admin.api.rules;

import io.kin.rules.action.RuleAction;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A rule as written by an operator: create (POST) or replace (PUT). */
@Schema(name = "RuleBody")
public record RuleBody(
        @Schema(description = "Unique id; generated when left out on create, taken from the path on replace",
                example = "hot-b7") @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}",
                message = "must be 1 to 64 letters, digits, '_', '.' or '-'") String id,
        @Schema(example = "Hot sensors of building 7") @NotBlank @Size(max = 200) String name,
        @Schema(example = "Forwards readings above 30 degrees") @Size(max = 2000) String description,
        @Schema(example = "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30")
        @NotBlank @Size(max = 20000) String sql,
        @Schema(description = "Defaults to true") Boolean enabled,
        @Schema(description = "What to do with each row: republish to a topic, or hand to a bridge")
        List<RuleAction> actions) {
}

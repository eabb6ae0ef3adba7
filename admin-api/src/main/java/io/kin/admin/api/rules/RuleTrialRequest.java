package io.kin.admin.api.rules;

import io.kin.rules.action.RuleAction;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** A rule (not necessarily stored) and one sample input to try it on. */
@Schema(name = "RuleTrialRequest")
public record RuleTrialRequest(
        @Schema(example = "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30") @NotBlank String sql,
        List<RuleAction> actions,
        @Schema(description = "The sample: message fields (topic, payload, qos, retain, clientid, username, "
                + "user_properties, timestamp) or, for $events sources, the event's fields",
                example = "{\"topic\": \"sensors/b7/temp\", \"clientid\": \"b7-1\", \"payload\": \"{\\\"temp\\\": 31.5}\"}")
        @NotNull Map<String, Object> input) {
}

package io.kin.admin.api.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

@Schema(name = "RuleTrialResult", description = "What the rule would do with the sample; nothing was sent")
public record RuleTrialResult(
        @Schema(description = "Whether the sample's topic (or event) is one of the rule's FROM sources") boolean sourceMatched,
        @Schema(description = "Whether the WHERE clause passed") boolean passed,
        @Schema(description = "The selected row, when it passed") Map<String, Object> output,
        @Schema(description = "The actions that would run, with their templates filled in") List<ActionPreview> actions) {

    @Schema(name = "ActionPreview")
    public record ActionPreview(
            @Schema(example = "republish") String type,
            @Schema(description = "The bridge's name, for bridge actions") String bridge,
            @Schema(description = "Topic, routing key or HTTP path") String target,
            String key,
            String payload,
            Map<String, String> headers,
            @Schema(description = "Null when left to the bridge") Integer qos,
            @Schema(description = "Null when left to the bridge") Boolean retain) {
    }
}

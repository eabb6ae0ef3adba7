package io.kin.admin.api.rules;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A rule's counters: each broker node writes its own every few seconds; the totals are their sums.
 *
 * @param lastError     the most recent error over all nodes (null when none has failed)
 * @param lastErrorNode the node that reported it
 */
@Schema(name = "RuleMetrics", description = "A rule's counters, summed over the broker nodes and per node")
public record RuleMetricsView(
        @Schema(example = "hot-b7") String ruleId,
        @Schema(description = "Sums over every node that reported") Counters totals,
        @Schema(example = "bridge 'kafka-main' is not connected") String lastError,
        OffsetDateTime lastErrorAt,
        @Schema(example = "node-2") String lastErrorNode,
        @Schema(description = "What each node reported, by node id") List<NodeMetrics> nodes) {

    @Schema(name = "RuleCounters")
    public record Counters(
            @Schema(description = "Messages or events from one of the rule's sources") long matched,
            @Schema(description = "Of those, the ones that passed WHERE") long passed,
            @Schema(description = "Evaluations that failed (a type error, a division by zero...)") long failed,
            @Schema(description = "Actions that were carried out") long actionsSucceeded,
            @Schema(description = "Actions that could not be carried out") long actionsFailed) {

        static final Counters ZERO = new Counters(0, 0, 0, 0, 0);

        Counters plus(Counters o) {
            return new Counters(matched + o.matched, passed + o.passed, failed + o.failed,
                    actionsSucceeded + o.actionsSucceeded, actionsFailed + o.actionsFailed);
        }
    }

    @Schema(name = "RuleNodeMetrics")
    public record NodeMetrics(
            @Schema(example = "node-1") String nodeId,
            Counters counters,
            String lastError,
            OffsetDateTime lastErrorAt,
            @Schema(description = "When the node last wrote its counters") OffsetDateTime updatedAt) {
    }
}

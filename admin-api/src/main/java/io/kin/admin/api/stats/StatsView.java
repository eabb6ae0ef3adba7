package io.kin.admin.api.stats;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

@Schema(name = "Stats", description = "The $SYS figures now, by topic suffix after $SYS/broker/: the cluster's "
        + "totals and each node's own")
public record StatsView(
        @Schema(description = "Numeric figures summed over the nodes that answered; version and uptime of one node")
        Map<String, String> cluster,
        @Schema(description = "Each node's own figures, by node id") Map<String, Map<String, String>> nodes) {
}

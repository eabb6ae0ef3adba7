package io.kin.admin.api.stats;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

@Schema(name = "StatsHistory", description = "The last hour of $SYS figures, one sample per 10-second step of the "
        + "wall clock, oldest first: the cluster's (each figure summed over the nodes that have a sample at that step) "
        + "or one node's",
        example = """
                {"node": null, "stepSeconds": 10, "nodes": ["node-1", "node-2"],
                 "samples": [{"at": "2026-11-26T20:41:10Z", "nodes": 2,
                              "figures": {"clients/connected": 120, "messages/received": 48211,
                                          "rate/messages/received": 35.4, "load/messages/received/1min": 2104.5}}]}""")
public record StatsHistoryView(
        @Schema(description = "The node asked for with ?node=, or null for the cluster", example = "node-1")
        String node,
        @Schema(description = "Seconds between samples", example = "10") long stepSeconds,
        @Schema(description = "The nodes whose samples are in the answer", example = "[\"node-1\", \"node-2\"]")
        List<String> nodes,
        List<Sample> samples) {

    @Schema(name = "StatsSample", description = "The figures at one step: the $SYS counters and gauges (as "
            + "GET /stats names them, per-rule figures left out), the 1/5/15-minute load averages (per minute), and "
            + "rate/messages/received, rate/messages/sent, rate/bytes/received, rate/bytes/sent: per second over the "
            + "step before")
    public record Sample(
            @Schema(description = "The step: a multiple of 10 seconds") OffsetDateTime at,
            @Schema(description = "How many nodes' samples are summed", example = "2") int nodes,
            Map<String, Double> figures) {
    }
}

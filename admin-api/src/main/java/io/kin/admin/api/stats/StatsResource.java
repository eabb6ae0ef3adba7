package io.kin.admin.api.stats;

import io.kin.admin.api.nodes.BrokerNodes;
import io.kin.admin.api.problem.Problem;
import io.kin.admin.api.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The figures $SYS publishes, taken now from every node that is up. */
@Path("/api/v1/stats")
@Tag(name = "Stats", description = "Cluster and per-node figures ($SYS)")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    private final BrokerNodes nodes;

    StatsResource(BrokerNodes nodes) {
        this.nodes = nodes;
    }

    @GET
    @Operation(summary = "The cluster's figures and each node's")
    @APIResponse(responseCode = "503", description = "No broker node is up",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<StatsView> cluster() {
        return nodes.everyNode(HttpMethod.GET, "/internal/v1/stats", null).map(replies -> {
            Map<String, Map<String, String>> byNode = new TreeMap<>();
            for (BrokerNodes.Reply r : replies) {
                if (r.ok()) {
                    NodeStats s = nodes.read(r, NodeStats.class);
                    byNode.put(s.node(), s.figures());
                }
            }
            if (byNode.isEmpty()) {
                throw BrokerNodes.unavailable("no broker node answered");
            }
            return new StatsView(totals(byNode), byNode);
        });
    }

    @GET
    @Path("/nodes/{node}")
    @Operation(summary = "One node's figures")
    @APIResponse(responseCode = "404", description = "No such node up",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<Map<String, String>> node(@PathParam("node") String node) {
        return nodes.live().flatMap(live -> {
            BrokerNodes.LiveNode n = live.stream().filter(l -> l.nodeId().equals(node)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("Node", node));
            return nodes.call(n, HttpMethod.GET, "/internal/v1/stats", null).map(r -> {
                if (!r.ok()) {
                    throw BrokerNodes.problem(r, "invalid-request", "Invalid request");
                }
                return nodes.read(r, NodeStats.class).figures();
            });
        });
    }

    @GET
    @Path("/history")
    @Operation(summary = "The figures of the last hour, every 10 seconds",
            description = "Each broker node samples its $SYS figures every 10 seconds and keeps the last hour in "
                    + "memory (a node that restarted has only the time since). Without ?node= the samples of every "
                    + "node that is up are summed per step of the 10-second grid; with ?node= they are that node's "
                    + "own. Draw a chart at once from it, then poll GET /stats for the live value.")
    @APIResponse(responseCode = "200", description = "The samples, oldest first")
    @APIResponse(responseCode = "404", description = "No such node up",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "No broker node is up, or none answered",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = Problem.class)))
    public Uni<StatsHistoryView> history(
            @Parameter(description = "Only this node's samples", example = "node-1") @QueryParam("node") String node) {
        if (node != null && !node.isBlank()) {
            return nodes.live().flatMap(live -> {
                BrokerNodes.LiveNode n = live.stream().filter(l -> l.nodeId().equals(node)).findFirst()
                        .orElseThrow(() -> ProblemException.notFound("Node", node));
                return nodes.call(n, HttpMethod.GET, "/internal/v1/stats/history", null).map(r -> {
                    if (!r.ok()) {
                        throw BrokerNodes.problem(r, "invalid-request", "Invalid request");
                    }
                    return summed(node, List.of(nodes.read(r, NodeStatsHistory.class)));
                });
            });
        }
        return nodes.everyNode(HttpMethod.GET, "/internal/v1/stats/history", null).map(replies -> {
            List<NodeStatsHistory> all = new ArrayList<>();
            for (BrokerNodes.Reply r : replies) {
                if (r.ok()) {
                    all.add(nodes.read(r, NodeStatsHistory.class));
                }
            }
            if (all.isEmpty()) {
                throw BrokerNodes.unavailable("no broker node answered");
            }
            return summed(null, all);
        });
    }

    /** The nodes' samples summed per step (a node without a sample at a step adds nothing to it). */
    static StatsHistoryView summed(String node, List<NodeStatsHistory> histories) {
        TreeMap<Long, Map<String, Double>> byStep = new TreeMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        List<String> ids = new ArrayList<>();
        long step = 10;
        for (NodeStatsHistory h : histories) {
            ids.add(h.node());
            step = h.stepSeconds() > 0 ? h.stepSeconds() : step;
            for (NodeStatsHistory.Sample s : h.samples()) {
                long stepMillis = step * 1000;
                long at = Math.floorDiv(s.at().toInstant().toEpochMilli(), stepMillis) * stepMillis;
                Map<String, Double> sum = byStep.computeIfAbsent(at, k -> new TreeMap<>());
                s.figures().forEach((k, v) -> sum.merge(k, v == null ? 0 : v, Double::sum));
                counts.merge(at, 1, Integer::sum);
            }
        }
        List<StatsHistoryView.Sample> samples = new ArrayList<>();
        byStep.forEach((at, figures) -> {
            figures.replaceAll((k, v) -> Math.round(v * 100) / 100.0);
            samples.add(new StatsHistoryView.Sample(
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(at), ZoneOffset.UTC), counts.get(at), figures));
        });
        ids.sort(null);
        return new StatsHistoryView(node, step, ids, samples);
    }

    /** Numeric figures summed over the nodes (as $SYS/broker/... does); version and uptime are the first node's. */
    static Map<String, String> totals(Map<String, Map<String, String>> byNode) {
        Map<String, String> totals = new LinkedHashMap<>();
        Map<String, String> first = byNode.values().iterator().next();
        for (Map.Entry<String, String> e : first.entrySet()) {
            String key = e.getKey();
            if (key.equals("version") || key.equals("uptime")) {
                totals.put(key, e.getValue());
                continue;
            }
            double sum = 0;
            boolean decimal = e.getValue().contains(".");
            for (Map<String, String> f : byNode.values()) {
                try {
                    sum += Double.parseDouble(f.getOrDefault(key, "0"));
                } catch (NumberFormatException ignored) {
                    // not a number on that node: left out of the total
                }
            }
            totals.put(key, decimal ? String.format(Locale.ROOT, "%.2f", sum) : Long.toString((long) sum));
        }
        return totals;
    }
}

package io.kin.admin.api.stats;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class StatsTotalsTest {

    @Test
    void numericFiguresAreSummedOverTheNodes() {
        Map<String, Map<String, String>> byNode = new TreeMap<>();
        byNode.put("a", new LinkedHashMap<>(Map.of("version", "kin-mqtt 1", "clients/connected", "2",
                "load/messages/received/1min", "1.50")));
        byNode.put("b", new LinkedHashMap<>(Map.of("version", "kin-mqtt 1", "clients/connected", "3",
                "load/messages/received/1min", "0.25")));
        Map<String, String> totals = StatsResource.totals(byNode);
        assertThat(totals).containsEntry("clients/connected", "5").containsEntry("version", "kin-mqtt 1")
                .containsEntry("load/messages/received/1min", "1.75");
    }

    @Test
    void historySamplesAreSummedPerTenSecondStepOverTheNodes() {
        java.time.OffsetDateTime t0 = java.time.OffsetDateTime.parse("2026-11-26T20:00:00Z");
        NodeStatsHistory a = new NodeStatsHistory("a", 10, java.util.List.of(
                new NodeStatsHistory.Sample(t0, Map.of("clients/connected", 2.0, "rate/messages/received", 1.5)),
                new NodeStatsHistory.Sample(t0.plusSeconds(10), Map.of("clients/connected", 3.0))));
        // node b's samples lie on the same grid; it started one step later
        NodeStatsHistory b = new NodeStatsHistory("b", 10, java.util.List.of(
                new NodeStatsHistory.Sample(t0.plusSeconds(10), Map.of("clients/connected", 4.0))));

        StatsHistoryView v = StatsResource.summed(null, java.util.List.of(b, a));

        assertThat(v.nodes()).containsExactly("a", "b");
        assertThat(v.stepSeconds()).isEqualTo(10);
        assertThat(v.samples()).extracting(StatsHistoryView.Sample::at).containsExactly(t0, t0.plusSeconds(10));
        assertThat(v.samples().get(0).nodes()).isEqualTo(1);
        assertThat(v.samples().get(0).figures()).containsEntry("clients/connected", 2.0)
                .containsEntry("rate/messages/received", 1.5);
        assertThat(v.samples().get(1).nodes()).isEqualTo(2);
        assertThat(v.samples().get(1).figures()).containsEntry("clients/connected", 7.0);
    }
}

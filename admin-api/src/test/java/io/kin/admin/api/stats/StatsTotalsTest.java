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
}

package io.kin.bench.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunReportOutputTest {

    private final RunReport report = RunReport.builder("fan-in", "127.0.0.1:1883")
            .setting("qos", 1)
            .setting("publishers", 8)
            .figure("delivered_msg_per_s", "delivered msg/s", 12345.678, Figure.Kind.RATE)
            .figure("lost", "lost (QoS 1)", 3, Figure.Kind.COUNT)
            .figure("latency_p99_ms", "latency p99 (ms)", Double.NaN, Figure.Kind.MILLIS)
            .warning("QoS 1: 3 of 1,000 messages lost; a \"quoted\" word")
            .guaranteeBroken()
            .build();

    @Test
    void aRunIsOneLineOfJsonWithSettingsFiguresAndWarnings() {
        String json = JsonLine.of(report);

        assertThat(json).doesNotContain("\n")
                .startsWith("{\"scenario\":\"fan-in\",\"target\":\"127.0.0.1:1883\"")
                .contains("\"settings\":{\"qos\":\"1\",\"publishers\":\"8\"}")
                .contains("\"delivered_msg_per_s\":12345.678")
                .contains("\"lost\":3")
                .contains("\"latency_p99_ms\":null")
                .contains("a \\\"quoted\\\" word")
                .endsWith("\"guarantee_broken\":true}");
    }

    @Test
    void theTableHasOneRowPerFigureAndShowsWarnings() {
        String table = ReportTable.render(report);

        assertThat(table).contains("fan-in -> 127.0.0.1:1883")
                .contains("qos 1, publishers 8")
                .containsPattern("delivered msg/s\\s+12,345.7")
                .containsPattern("lost \\(QoS 1\\)\\s+3")
                .containsPattern("latency p99 \\(ms\\)\\s+n/a")
                .contains("WARNING: QoS 1: 3 of 1,000 messages lost");
    }
}

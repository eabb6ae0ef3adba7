package io.kin.bench.report;

import io.kin.bench.broker.UsageSample;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UsageTableTest {

    private final List<UsageSample> samples = List.of(
            new UsageSample(0, 8 * 1024, Double.NaN),
            new UsageSample(10_003, 9 * 1024 + 512, 12.34),
            new UsageSample(600_000, 10 * 1024, 7.5));

    @Test
    void rendersOneRowPerSampleWithTimeRssAndCpu() {
        String[] lines = UsageTable.render(samples).split("\n");

        assertThat(lines).hasSize(5);
        assertThat(lines[1]).contains("time", "RSS MB", "CPU %");
        assertThat(lines[2].split("\\s+")).containsExactly("", "0:00", "8.0", "n/a");
        assertThat(lines[3].split("\\s+")).containsExactly("", "0:10", "9.5", "12.3");
        assertThat(lines[4].split("\\s+")).containsExactly("", "10:00", "10.0", "7.5");
    }

    @Test
    void addsTheSamplesToTheRunsJsonLine() {
        String run = JsonLine.of(RunReport.builder("soak", "127.0.0.1:1883").build());

        String json = UsageTable.withSamples(run, samples);

        assertThat(json).doesNotContain("\n")
                .startsWith("{\"scenario\":\"soak\"")
                .endsWith(",\"guarantee_broken\":false,\"samples\":[{\"t_s\":0,\"rss_mb\":8,\"cpu_pct\":null},"
                        + "{\"t_s\":10.003,\"rss_mb\":9.5,\"cpu_pct\":12.34},{\"t_s\":600,\"rss_mb\":10,\"cpu_pct\":7.5}]}");
    }
}

package io.kin.bench.report;

import io.kin.bench.broker.UsageSample;

import java.util.List;
import java.util.Locale;

/** A broker's RSS and CPU over a long run, one row per sample: as text under the run's table, or as JSON. */
public final class UsageTable {

    private UsageTable() {
    }

    public static String render(List<UsageSample> samples) {
        StringBuilder out = new StringBuilder("  broker usage over the run\n");
        out.append(String.format(Locale.ROOT, "  %8s  %9s  %7s%n", "time", "RSS MB", "CPU %"));
        for (UsageSample sample : samples) {
            out.append(String.format(Locale.ROOT, "  %8s  %9s  %7s%n", clock(sample.offsetMillis()),
                    Figure.format(sample.rssMegabytes(), Figure.Kind.MEGABYTES),
                    Figure.format(sample.cpuPercent(), Figure.Kind.PERCENT)));
        }
        return out.toString();
    }

    /** The run's JSON object with a {@code "samples"} array added, still one line. */
    public static String withSamples(String runJson, List<UsageSample> samples) {
        StringBuilder json = new StringBuilder(runJson.substring(0, runJson.lastIndexOf('}')));
        json.append(",\"samples\":[");
        for (int i = 0; i < samples.size(); i++) {
            UsageSample sample = samples.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"t_s\":").append(JsonLine.number(sample.offsetMillis() / 1000.0))
                    .append(",\"rss_mb\":").append(JsonLine.number(sample.rssMegabytes()))
                    .append(",\"cpu_pct\":").append(JsonLine.number(sample.cpuPercent())).append('}');
        }
        return json.append("]}").toString();
    }

    /** {@code m:ss} since the start of the run. */
    static String clock(long offsetMillis) {
        long seconds = Math.round(offsetMillis / 1000.0);
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}

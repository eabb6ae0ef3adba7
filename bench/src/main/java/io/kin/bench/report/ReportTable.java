package io.kin.bench.report;

import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable form of a run: a heading line, the settings, then one figure per row. */
public final class ReportTable {

    private ReportTable() {
    }

    public static String render(RunReport report) {
        StringBuilder out = new StringBuilder();
        out.append(report.scenario()).append(" -> ").append(report.target()).append('\n');
        out.append("  ").append(report.settings().entrySet().stream()
                .map(ReportTable::setting).collect(Collectors.joining(", "))).append('\n');
        int width = report.figures().stream().mapToInt(figure -> figure.label().length()).max().orElse(10);
        for (Figure figure : report.figures()) {
            out.append(String.format("  %-" + width + "s  %15s%n", figure.label(), figure.formatted()));
        }
        for (String warning : report.warnings()) {
            out.append("  WARNING: ").append(warning).append('\n');
        }
        return out.toString();
    }

    private static String setting(Map.Entry<String, String> entry) {
        return entry.getKey() + " " + entry.getValue();
    }
}

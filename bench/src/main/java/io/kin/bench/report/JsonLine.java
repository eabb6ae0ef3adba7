package io.kin.bench.report;

import java.util.List;
import java.util.Map;

/**
 * A run as one line of JSON, so a series of runs can be appended to a file and read with {@code jq}. Hand-written:
 * the shape is small and fixed, not worth a JSON library in the jar.
 */
public final class JsonLine {

    private JsonLine() {
    }

    public static String of(RunReport report) {
        StringBuilder json = new StringBuilder("{");
        field(json, "scenario", report.scenario()).append(',');
        field(json, "target", report.target()).append(',');
        json.append("\"settings\":{");
        appendStrings(json, report.settings());
        json.append("},\"figures\":{");
        boolean first = true;
        for (Figure figure : report.figures()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append(quote(figure.key())).append(':').append(number(figure.value()));
        }
        json.append("},\"warnings\":");
        appendArray(json, report.warnings());
        json.append(",\"guarantee_broken\":").append(report.guaranteeBroken());
        return json.append('}').toString();
    }

    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(Math.round(value * 1000) / 1000.0);
    }

    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    private static StringBuilder field(StringBuilder json, String name, String value) {
        return json.append(quote(name)).append(':').append(quote(value));
    }

    private static void appendStrings(StringBuilder json, Map<String, String> values) {
        boolean first = true;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            field(json, entry.getKey(), entry.getValue());
        }
    }

    private static void appendArray(StringBuilder json, List<String> values) {
        json.append('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(quote(values.get(i)));
        }
        json.append(']');
    }
}

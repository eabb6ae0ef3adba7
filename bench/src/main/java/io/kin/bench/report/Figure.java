package io.kin.bench.report;

import java.util.Locale;

/**
 * One measured number of a run.
 *
 * @param key   stable name for JSON and for matching figures across runs in compare mode
 * @param label what a person reads in the table
 * @param kind  how to print it
 */
public record Figure(String key, String label, double value, Kind kind) {

    public enum Kind { COUNT, RATE, MILLIS, MEGABYTES, PERCENT, KILOBYTES, SECONDS, RATIO }

    public String formatted() {
        return format(value, kind);
    }

    public static String format(double value, Kind kind) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return switch (kind) {
            case COUNT -> String.format(Locale.ROOT, "%,d", Math.round(value));
            case RATE -> String.format(Locale.ROOT, "%,.1f", value);
            case MILLIS -> String.format(Locale.ROOT, "%,.3f", value);
            case SECONDS, RATIO -> String.format(Locale.ROOT, "%,.2f", value);
            case MEGABYTES, PERCENT, KILOBYTES -> String.format(Locale.ROOT, "%,.1f", value);
        };
    }
}

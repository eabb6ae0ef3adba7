package io.kin.rules.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a bridge's string settings into typed values, collecting every problem instead of stopping at the first,
 * and remembers which keys were read so that unknown (misspelt) keys can be reported.
 */
public final class Settings {

    private final BridgeType type;
    private final Map<String, String> values;
    private final List<String> problems;
    private final Set<String> known = new TreeSet<>();
    private final List<String> prefixes = new ArrayList<>();

    Settings(BridgeType type, Map<String, String> values, List<String> problems) {
        this.type = type;
        this.values = values;
        this.problems = problems;
    }

    void problem(String message) {
        problems.add(message);
    }

    /** The value, or null (with a problem) when it is missing or blank. */
    String required(String key) {
        String v = text(key, null);
        if (v == null) {
            problem("setting '" + key + "' is required for " + type + " bridges");
        }
        return v;
    }

    /** The value trimmed, or {@code fallback} when missing or blank. */
    String text(String key, String fallback) {
        known.add(key);
        String v = values.get(key);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    int integer(String key, int fallback, int min, int max) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                problem("setting '" + key + "' must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            problem("setting '" + key + "' must be a whole number, not '" + v + "'");
            return fallback;
        }
    }

    boolean flag(String key, boolean fallback) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problem("setting '" + key + "' must be true or false, not '" + v + "'");
                yield fallback;
            }
        };
    }

    /** One of {@code allowed} (compared ignoring case, returned as listed there). */
    String choice(String key, String fallback, List<String> allowed) {
        String v = text(key, null);
        if (v == null) {
            return fallback;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        problem("setting '" + key + "' must be one of " + String.join(", ", allowed) + ", not '" + v + "'");
        return fallback;
    }

    /** The settings under {@code prefix}, with the prefix cut off (e.g. header.Content-Type). */
    Map<String, String> withPrefix(String prefix) {
        prefixes.add(prefix);
        Map<String, String> found = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && k.length() > prefix.length()) {
                found.put(k.substring(prefix.length()), v);
            }
        });
        return found;
    }

    /** Reports keys that no read asked for; call it after reading everything. */
    void rejectUnknown() {
        for (String key : new TreeSet<>(values.keySet())) {
            if (!known.contains(key) && prefixes.stream().noneMatch(p -> key.startsWith(p) && key.length() > p.length())) {
                List<String> all = new ArrayList<>(known);
                prefixes.forEach(p -> all.add(p + "*"));
                problem("unknown setting '" + key + "' for " + type + " bridges (known: " + String.join(", ", all) + ")");
            }
        }
    }
}

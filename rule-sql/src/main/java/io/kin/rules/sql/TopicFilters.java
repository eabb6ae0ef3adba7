package io.kin.rules.sql;

import java.nio.charset.StandardCharsets;

/** MQTT topic filter rules (MQTT 5 section 4.7), kept here so the module needs nothing from the broker. */
final class TopicFilters {

    private static final int MAX_LENGTH_BYTES = 65_535;

    private TopicFilters() {
    }

    /** A problem with a filter: what is wrong and at which character of the filter. */
    record Problem(String reason, int index) {
    }

    /** Null when {@code filter} is a valid subscription filter. */
    static Problem check(String filter) {
        if (filter.isEmpty()) {
            return new Problem("empty topic filter", 0);
        }
        if (filter.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH_BYTES) {
            return new Problem("topic filter is longer than 65535 bytes", 0);
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
            boolean endsLevel = i == n - 1 || filter.charAt(i + 1) == '/';
            if (c == '#') {
                if (!startsLevel || !endsLevel) {
                    return new Problem("'#' must occupy a whole topic level", i);
                }
                if (i != n - 1) {
                    return new Problem("'#' must be the last topic level", i);
                }
            } else if (c == '+' && (!startsLevel || !endsLevel)) {
                return new Problem("'+' must occupy a whole topic level", i);
            } else if (c == '\u0000' || c == '\n' || c == '\r') {
                return new Problem("topic filter contains a control character", i);
            }
        }
        return null;
    }

    /**
     * Whether {@code topic} matches {@code filter}. Topics starting with {@code $} are not matched by a filter that
     * starts with a wildcard [MQTT-4.7.2-1], which also keeps {@code "#"} away from {@code $events/...}.
     */
    static boolean matches(String filter, String topic) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        int fi = 0;
        int ti = 0;
        int fl = filter.length();
        int tl = topic.length();
        while (fi <= fl) {
            int fEnd = filter.indexOf('/', fi);
            if (fEnd < 0) {
                fEnd = fl;
            }
            if (fEnd - fi == 1 && filter.charAt(fi) == '#') {
                return true; // matches the parent level too: "a/#" matches "a"
            }
            if (ti > tl) {
                return false;
            }
            int tEnd = topic.indexOf('/', ti);
            if (tEnd < 0) {
                tEnd = tl;
            }
            boolean plus = fEnd - fi == 1 && filter.charAt(fi) == '+';
            if (!plus && (fEnd - fi != tEnd - ti || !filter.regionMatches(fi, topic, ti, fEnd - fi))) {
                return false;
            }
            fi = fEnd + 1;
            ti = tEnd + 1;
        }
        return ti > tl;
    }
}

package io.kin.broker.routing;

import java.nio.charset.StandardCharsets;

/** Topic name and topic filter rules of MQTT (section 4.7), in one place. */
public final class TopicNames {

    /** UTF-8 encoded strings in MQTT are at most 65,535 bytes. */
    public static final int MAX_LENGTH_BYTES = 65_535;

    private TopicNames() {
    }

    /** A name a message may be published to: non-empty, no wildcards, no U+0000, not too long. */
    public static boolean isValidTopicName(String topic) {
        if (topic == null || topic.isEmpty() || tooLong(topic)) {
            return false;
        }
        for (int i = 0; i < topic.length(); i++) {
            char c = topic.charAt(i);
            if (c == '+' || c == '#' || c == '\u0000') {
                return false;
            }
        }
        return true;
    }

    /**
     * A filter a client may subscribe with (shared-subscription prefix already removed): {@code #} only as the
     * whole last level, {@code +} only as a whole level.
     */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty() || tooLong(filter)) {
            return false;
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (c == '#') {
                boolean wholeLevel = (i == 0 || filter.charAt(i - 1) == '/');
                if (!wholeLevel || i != n - 1) {
                    return false;
                }
            } else if (c == '+') {
                boolean startsLevel = (i == 0 || filter.charAt(i - 1) == '/');
                boolean endsLevel = (i == n - 1 || filter.charAt(i + 1) == '/');
                if (!startsLevel || !endsLevel) {
                    return false;
                }
            }
        }
        return true;
    }

    public static boolean hasWildcards(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * Whether {@code topic} matches {@code filter}. Topics starting with {@code $} are not matched by a filter
     * that starts with a wildcard [MQTT-4.7.2-1].
     */
    public static boolean matches(String filter, String topic) {
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
            if (!plus && !filter.regionMatches(fi, topic, ti, Math.max(fEnd - fi, tEnd - ti))) {
                return false;
            }
            fi = fEnd + 1;
            ti = tEnd + 1;
        }
        // both exhausted at the same level boundary
        return ti > tl && fi > fl;
    }

    /**
     * Whether every topic that {@code requested} can match is also matched by {@code granted}: used to decide if an
     * ACL filter allows a subscription filter ({@code sensors/#} covers {@code sensors/+/temp}).
     */
    public static boolean covers(String granted, String requested) {
        String[] g = granted.split("/", -1);
        String[] r = requested.split("/", -1);
        for (int i = 0; i < g.length; i++) {
            if (g[i].equals("#")) {
                return true;
            }
            if (i >= r.length) {
                return false;
            }
            if (r[i].equals("#")) {
                return false; // requested reaches deeper than a non-# granted level
            }
            if (g[i].equals("+")) {
                continue;
            }
            if (r[i].equals("+") || !g[i].equals(r[i])) {
                return false;
            }
        }
        return g.length == r.length;
    }

    private static boolean tooLong(String s) {
        // cheap check first: a char is at most 3 bytes in UTF-8 (4 for surrogate pairs = 2 chars)
        return s.length() * 3 > MAX_LENGTH_BYTES && s.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH_BYTES;
    }
}

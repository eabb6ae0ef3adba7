package io.kin.broker.auth;

/**
 * Whether two topic filters can match a common topic name. A deny rule must stop a subscription that could receive
 * anything it forbids: deny {@code secret/#} blocks subscribing to {@code #} or {@code +/passwords}.
 */
final class TopicFilterOverlap {

    private TopicFilterOverlap() {
    }

    static boolean overlaps(String a, String b) {
        String[] x = a.split("/", -1);
        String[] y = b.split("/", -1);
        // [MQTT-4.7.2-1]: a filter starting with a wildcard never matches a topic starting with "$"
        if (isWildcard(x[0]) && y[0].startsWith("$") || isWildcard(y[0]) && x[0].startsWith("$")) {
            return false;
        }
        int n = Math.max(x.length, y.length);
        for (int i = 0; i < n; i++) {
            // "#" also matches the parent level ("a/#" matches "a"), so test it before running out of levels
            if (i < x.length && x[i].equals("#") || i < y.length && y[i].equals("#")) {
                return true;
            }
            if (i >= x.length || i >= y.length) {
                return false;
            }
            if (!x[i].equals("+") && !y[i].equals("+") && !x[i].equals(y[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWildcard(String level) {
        return level.equals("+") || level.equals("#");
    }
}

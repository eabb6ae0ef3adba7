package io.kin.broker.routing;

/** Splits topic names and filters into levels: the separator is {@code /} and empty levels count ({@code a//b}). */
public final class TopicLevels {

    private TopicLevels() {
    }

    /** {@code "a//b"} gives {@code ["a", "", "b"]}; {@code "a/"} gives {@code ["a", ""]}; never empty. */
    public static String[] split(String topicOrFilter) {
        int count = 1;
        int n = topicOrFilter.length();
        for (int i = 0; i < n; i++) {
            if (topicOrFilter.charAt(i) == '/') {
                count++;
            }
        }
        String[] levels = new String[count];
        int start = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (topicOrFilter.charAt(i) == '/') {
                levels[k++] = topicOrFilter.substring(start, i);
                start = i + 1;
            }
        }
        levels[k] = topicOrFilter.substring(start);
        return levels;
    }
}

package io.kin.broker.routing;

/**
 * A topic filter as a client sent it in SUBSCRIBE, with the shared-subscription prefix taken apart
 * (MQTT 5 section 4.8.2): {@code $share/{group}/{filter}}, and {@code $queue/{filter}} as a shorthand for the group
 * named {@code $queue} (the form EMQX and others accept from MQTT 3.1.1 clients).
 */
public final class TopicFilter {

    static final String SHARE_PREFIX = "$share/";
    static final String QUEUE_PREFIX = "$queue/";
    /** The group every {@code $queue/} subscription belongs to. */
    public static final String QUEUE_GROUP = "$queue";

    private final String raw;
    private final String filter;
    private final String shareGroup;

    private TopicFilter(String raw, String filter, String shareGroup) {
        this.raw = raw;
        this.filter = filter;
        this.shareGroup = shareGroup;
    }

    /** @throws InvalidTopicFilterException saying what is wrong, when {@code raw} is not a filter MQTT allows */
    public static TopicFilter parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new InvalidTopicFilterException("topic filter is empty");
        }
        if (raw.startsWith(SHARE_PREFIX)) {
            int groupEnd = raw.indexOf('/', SHARE_PREFIX.length());
            if (groupEnd < 0) {
                throw new InvalidTopicFilterException(
                        "shared subscription '" + raw + "' has no topic filter after the group name");
            }
            String group = raw.substring(SHARE_PREFIX.length(), groupEnd);
            if (group.isEmpty()) {
                throw new InvalidTopicFilterException("shared subscription '" + raw + "' has an empty group name");
            }
            if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
                throw new InvalidTopicFilterException(
                        "shared subscription group name '" + group + "' must not contain '+' or '#'");
            }
            return new TopicFilter(raw, checkedFilter(raw, raw.substring(groupEnd + 1)), group);
        }
        if (raw.startsWith(QUEUE_PREFIX)) {
            return new TopicFilter(raw, checkedFilter(raw, raw.substring(QUEUE_PREFIX.length())), QUEUE_GROUP);
        }
        return new TopicFilter(raw, checkedFilter(raw, raw), null);
    }

    /** The filter as the client wrote it, including any {@code $share/} or {@code $queue/} prefix. */
    public String raw() {
        return raw;
    }

    /** The filter topics are matched against, without the share prefix. */
    public String filter() {
        return filter;
    }

    /** The shared subscription group, {@code null} when the subscription is not shared. */
    public String shareGroup() {
        return shareGroup;
    }

    public boolean isShared() {
        return shareGroup != null;
    }

    private static String checkedFilter(String raw, String filter) {
        if (TopicNames.isValidFilter(filter)) {
            return filter;
        }
        throw new InvalidTopicFilterException("topic filter '" + raw + "' " + problemWith(filter));
    }

    /** Why {@link TopicNames#isValidFilter} said no, in words a client developer can act on. */
    private static String problemWith(String filter) {
        if (filter.isEmpty()) {
            return "has an empty filter";
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
            if (c == '\u0000' || c == '\uFFFD') {
                return "contains the character U+0000 or U+FFFD";
            }
            if (c == '#' && (!startsLevel || i != n - 1)) {
                return "uses '#' other than as the whole last level";
            }
            if (c == '+' && (!startsLevel || (i != n - 1 && filter.charAt(i + 1) != '/'))) {
                return "uses '+' other than as a whole level";
            }
        }
        return "is longer than " + TopicNames.MAX_LENGTH_BYTES + " bytes";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter other && raw.equals(other.raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return raw;
    }
}

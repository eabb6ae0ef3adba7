package io.kin.admin.api.topics;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's topic filter rules (MQTT section 4.7, and its {@code $share/} / {@code $queue/} prefixes), for the
 * filters stored in ACL and auto-subscription rules: what is refused here is what the broker would refuse or ignore.
 * The broker's own copy is {@code io.kin.broker.routing.TopicNames} / {@code TopicFilter}, which the admin API cannot
 * depend on; keep the two in step.
 *
 * <p>Stored filters may hold the placeholders {@value #CLIENT_ID} and {@value #USERNAME}, filled in per client;
 * any other {@code ${...}} is refused as a misspelling (the broker would match it literally).
 */
public final class TopicFilters {

    public static final String CLIENT_ID = "${clientid}";
    public static final String USERNAME = "${username}";
    /** UTF-8 encoded strings in MQTT are at most 65,535 bytes. */
    public static final int MAX_LENGTH_BYTES = 65_535;

    private static final String SHARE_PREFIX = "$share/";
    private static final String QUEUE_PREFIX = "$queue/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}?");

    private TopicFilters() {
    }

    /** Why {@code filter} is not a valid filter (placeholders allowed), or null when it is. Shares are not taken apart. */
    public static String problem(String filter) {
        if (filter == null || filter.isEmpty()) {
            return "must not be empty";
        }
        if (filter.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH_BYTES) {
            return "must be at most " + MAX_LENGTH_BYTES + " bytes in UTF-8";
        }
        String placeholders = placeholderProblem(filter);
        if (placeholders != null) {
            return placeholders;
        }
        int n = filter.length();
        for (int i = 0; i < n; i++) {
            char c = filter.charAt(i);
            if (c == '\u0000') {
                return "must not contain the null character U+0000";
            }
            if (c == '#') {
                boolean wholeLevel = i == 0 || filter.charAt(i - 1) == '/';
                if (!wholeLevel || i != n - 1) {
                    return "'" + filter + "' uses '#' other than as the whole last level (as in 'a/#')";
                }
            } else if (c == '+') {
                boolean startsLevel = i == 0 || filter.charAt(i - 1) == '/';
                boolean endsLevel = i == n - 1 || filter.charAt(i + 1) == '/';
                if (!startsLevel || !endsLevel) {
                    return "'" + filter + "' uses '+' other than as a whole level (as in 'a/+/b')";
                }
            }
        }
        return null;
    }

    /**
     * Like {@link #problem(String)} for a filter a client is subscribed with, which may be shared:
     * {@code $share/{group}/{filter}} or {@code $queue/{filter}}.
     */
    public static String subscriptionProblem(String filter) {
        if (filter != null && filter.startsWith(SHARE_PREFIX)) {
            int groupEnd = filter.indexOf('/', SHARE_PREFIX.length());
            if (groupEnd < 0) {
                return "shared subscription '" + filter + "' has no topic filter after the group name";
            }
            String group = filter.substring(SHARE_PREFIX.length(), groupEnd);
            if (group.isEmpty()) {
                return "shared subscription '" + filter + "' has an empty group name";
            }
            if (group.indexOf('+') >= 0 || group.indexOf('#') >= 0) {
                return "shared subscription group name '" + group + "' must not contain '+' or '#'";
            }
            return problem(filter.substring(groupEnd + 1));
        }
        if (filter != null && filter.startsWith(QUEUE_PREFIX)) {
            return problem(filter.substring(QUEUE_PREFIX.length()));
        }
        return problem(filter);
    }

    /** Whether the filter subscribes a shared subscription ({@code $share/...} or {@code $queue/...}). */
    public static boolean isShared(String filter) {
        return filter.startsWith(SHARE_PREFIX) || filter.startsWith(QUEUE_PREFIX);
    }

    private static String placeholderProblem(String filter) {
        Matcher m = PLACEHOLDER.matcher(filter);
        while (m.find()) {
            String found = m.group();
            if (!found.equals(CLIENT_ID) && !found.equals(USERNAME)) {
                return "unknown placeholder '" + found + "': only " + CLIENT_ID + " and " + USERNAME
                        + " are filled in";
            }
        }
        return null;
    }
}

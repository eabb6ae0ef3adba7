package io.kin.broker.auth;

import io.kin.broker.routing.TopicNames;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Comparator;
import java.util.List;

/**
 * Authorization by ACL rules. Rules are tried from the highest priority down, denies before allows on the same
 * priority; the first rule that applies decides, and when none does the configured default does.
 * <ul>
 *   <li>publish: a rule applies when its filter matches the topic;</li>
 *   <li>subscribe, allow rule: when its filter covers every topic the requested filter can match;</li>
 *   <li>subscribe, deny rule: when its filter and the requested filter can match a common topic
 *       (deny {@code secret/#} blocks subscribing to {@code #}).</li>
 * </ul>
 * Superusers bypass the rules.
 */
@ApplicationScoped
@DefaultBean
public class AclAuthorizer implements Authorizer {

    private static final Comparator<AclRule> PRECEDENCE = Comparator
            .comparingInt(AclRule::priority).reversed()
            .thenComparing(AclRule::allow) // false (deny) first
            .thenComparingLong(AclRule::id);

    private final AclStore store;
    private final Superusers superusers;
    private final boolean defaultAllow;
    /** The store's list and our sorted copy of it; re-sorted only when the store hands out a different list. */
    private volatile SortedRules sorted = new SortedRules(null, List.of());

    private record SortedRules(List<AclRule> source, List<AclRule> byPrecedence) {
    }

    @Inject
    public AclAuthorizer(AclStore store, Superusers superusers,
                         @ConfigProperty(name = "kin.mqtt.acl-default-allow", defaultValue = "true")
                         boolean defaultAllow) {
        this.store = store;
        this.superusers = superusers;
        this.defaultAllow = defaultAllow;
    }

    public AclAuthorizer(AclStore store, boolean defaultAllow) {
        this(store, Superusers.NONE, defaultAllow);
    }

    @Override
    public boolean canPublish(ClientIdentity client, String topic) {
        return decide(client, AclAction.PUBLISH, topic);
    }

    @Override
    public boolean canSubscribe(ClientIdentity client, String filter) {
        return decide(client, AclAction.SUBSCRIBE, filter);
    }

    private boolean decide(ClientIdentity client, AclAction action, String target) {
        if (superusers.includes(client.username())) {
            return true;
        }
        for (AclRule rule : rulesByPrecedence()) {
            if (!rule.action().covers(action) || !rule.appliesTo(client)) {
                continue;
            }
            String filter = fillPlaceholders(rule.topicFilter(), client);
            if (filter != null && applies(rule.allow(), action, filter, target)) {
                return rule.allow();
            }
        }
        return defaultAllow;
    }

    private static boolean applies(boolean allow, AclAction action, String ruleFilter, String target) {
        if (action == AclAction.PUBLISH) {
            return TopicNames.matches(ruleFilter, target);
        }
        return allow ? coversSubscription(ruleFilter, target) : TopicFilterOverlap.overlaps(ruleFilter, target);
    }

    /** {@link TopicNames#covers} plus [MQTT-4.7.2-1]: {@code #} does not grant {@code $SYS/#}. */
    private static boolean coversSubscription(String granted, String requested) {
        boolean grantedStartsWithWildcard = granted.startsWith("+") || granted.startsWith("#");
        if (grantedStartsWithWildcard && requested.startsWith("$")) {
            return false;
        }
        return TopicNames.covers(granted, requested);
    }

    /**
     * Null when a placeholder cannot be filled: the client has no such value, or the value would change the
     * filter's shape (a username of {@code +} must not turn {@code users/${username}/#} into {@code users/+/#}).
     */
    private static String fillPlaceholders(String filter, ClientIdentity client) {
        int at = filter.indexOf("${");
        if (at < 0) {
            return filter;
        }
        // one pass, so a client id that reads "${username}" is not filled in a second time
        StringBuilder filled = new StringBuilder(filter.length() + 32);
        int from = 0;
        while (at >= 0) {
            String value;
            int length;
            if (filter.startsWith(AclRule.CLIENT_ID_PLACEHOLDER, at)) {
                value = client.clientId();
                length = AclRule.CLIENT_ID_PLACEHOLDER.length();
            } else if (filter.startsWith(AclRule.USERNAME_PLACEHOLDER, at)) {
                value = client.username();
                length = AclRule.USERNAME_PLACEHOLDER.length();
            } else {
                at = filter.indexOf("${", at + 2);
                continue;
            }
            if (!fitsOneLevel(value)) {
                return null;
            }
            filled.append(filter, from, at).append(value);
            from = at + length;
            at = filter.indexOf("${", from);
        }
        return filled.append(filter, from, filter.length()).toString();
    }

    private static boolean fitsOneLevel(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '+' || c == '#' || c == '\u0000') {
                return false;
            }
        }
        return true;
    }

    private List<AclRule> rulesByPrecedence() {
        List<AclRule> current = store.rules();
        SortedRules cached = sorted;
        if (cached.source() != current) {
            cached = new SortedRules(current, current.stream().sorted(PRECEDENCE).toList());
            sorted = cached;
        }
        return cached.byPrecedence();
    }
}

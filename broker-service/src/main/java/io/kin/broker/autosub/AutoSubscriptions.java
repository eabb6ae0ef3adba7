package io.kin.broker.autosub;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Works out which subscriptions a connecting client gets from the auto-subscription rules. */
@ApplicationScoped
public class AutoSubscriptions {

    /** A rule applied to one client: its filter with the placeholders filled. */
    public record Resolved(AutoSubscriptionRule rule, String filter) {
    }

    private final AutoSubscriptionRules rules;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    AutoSubscriptions(AutoSubscriptionRules rules) {
        this.rules = rules;
    }

    public List<Resolved> forClient(String clientId, String username) {
        List<Resolved> result = new ArrayList<>();
        for (AutoSubscriptionRule rule : rules.rules()) {
            if (!patterns.computeIfAbsent(rule.clientIdPattern(), AutoSubscriptions::glob).matcher(clientId).matches()) {
                continue;
            }
            String filter = rule.filter();
            if (filter.contains("${username}")) {
                if (username == null || username.isEmpty()) {
                    continue; // nothing to put there: the rule does not apply to anonymous clients
                }
                filter = filter.replace("${username}", username);
            }
            filter = filter.replace("${clientid}", clientId);
            result.add(new Resolved(rule, filter));
        }
        return result;
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}

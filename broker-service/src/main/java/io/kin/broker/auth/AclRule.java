package io.kin.broker.auth;

import io.kin.broker.routing.TopicNames;

/**
 * One access rule. {@code username} and {@code clientId} are exact names, or null / {@code "*"} for anyone.
 * {@code topicFilter} may contain {@code ${clientid}} and {@code ${username}}, filled in for the asking client.
 * Among rules that apply, the highest {@code priority} decides; on a tie a deny wins.
 */
public record AclRule(long id, String username, String clientId, AclAction action, String topicFilter,
                      boolean allow, int priority) {

    public static final String ANY = "*";
    public static final String CLIENT_ID_PLACEHOLDER = "${clientid}";
    public static final String USERNAME_PLACEHOLDER = "${username}";

    public AclRule {
        if (action == null) {
            throw new IllegalArgumentException("action is required");
        }
        if (!TopicNames.isValidFilter(topicFilter)) {
            throw new IllegalArgumentException("not a valid topic filter: " + topicFilter);
        }
    }

    boolean appliesTo(ClientIdentity client) {
        return (username == null || username.equals(ANY) || username.equals(client.username()))
                && (clientId == null || clientId.equals(ANY) || clientId.equals(client.clientId()));
    }
}

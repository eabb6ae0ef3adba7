package io.kin.broker.auth;

import io.kin.broker.config.BrokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Client identifiers and user names that may not connect ({@code kin.mqtt.banned-client-ids},
 * {@code kin.mqtt.banned-usernames}): CONNACK 0x8A Banned, or return code 5 for MQTT 3. Entries are globs:
 * {@code *} matches any run of characters (none included), {@code ?} exactly one; everything else matches itself.
 */
@ApplicationScoped
public class BanList {

    private final List<Pattern> clientIds;
    private final List<Pattern> usernames;

    @Inject
    public BanList(BrokerConfig config) {
        this(config.mqtt().bannedClientIds().orElse(List.of()), config.mqtt().bannedUsernames().orElse(List.of()));
    }

    public BanList(List<String> clientIdGlobs, List<String> usernameGlobs) {
        this.clientIds = compile(clientIdGlobs);
        this.usernames = compile(usernameGlobs);
    }

    public boolean clientIdBanned(String clientId) {
        return matches(clientIds, clientId);
    }

    /** {@code username} null (an anonymous client) is never banned by name. */
    public boolean usernameBanned(String username) {
        return matches(usernames, username);
    }

    private static boolean matches(List<Pattern> patterns, String value) {
        if (value == null) {
            return false;
        }
        for (Pattern p : patterns) {
            if (p.matcher(value).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Pattern> compile(List<String> globs) {
        return globs.stream().map(String::trim).filter(g -> !g.isEmpty()).map(BanList::glob).toList();
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}

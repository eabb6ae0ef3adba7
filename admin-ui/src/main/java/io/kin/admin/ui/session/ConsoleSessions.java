package io.kin.admin.ui.session;

import io.kin.admin.ui.config.AdminUiConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The signed-in operators of this console process, by random session id; idle or expired sessions are forgotten. */
@ApplicationScoped
public class ConsoleSessions {

    public static final String COOKIE = "kin_console";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, ConsoleSession> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;

    ConsoleSessions(AdminUiConfig config) {
        this.idleTimeout = Duration.ofMinutes(config.session().idleMinutes());
    }

    public ConsoleSession open(String token, String username, String role, String tokenExpiresAt) {
        Instant expires = null;
        if (tokenExpiresAt != null) {
            try {
                expires = OffsetDateTime.parse(tokenExpiresAt).toInstant();
            } catch (RuntimeException ignored) {
                // unknown format: the idle timeout alone
            }
        }
        ConsoleSession s = new ConsoleSession(randomToken(), token, username, role, randomToken(), expires);
        sessions.put(s.id(), s);
        return s;
    }

    public Optional<ConsoleSession> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        ConsoleSession s = sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        if (s.lastUsed().plus(idleTimeout).isBefore(now) || (s.expiresAt() != null && s.expiresAt().isBefore(now))) {
            sessions.remove(id);
            return Optional.empty();
        }
        s.touch();
        return Optional.of(s);
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    /** 32 random bytes, base64url: session ids and CSRF tokens. */
    public static String randomToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

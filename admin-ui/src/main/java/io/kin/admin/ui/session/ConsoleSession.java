package io.kin.admin.ui.session;

import java.time.Instant;

/**
 * One signed-in operator, held server-side only: the browser holds nothing but the random session id (HttpOnly,
 * SameSite=Strict cookie); the admin API token never reaches it.
 */
public final class ConsoleSession {

    private final String id;
    private final String token;
    private final String username;
    private final String role;
    private final String csrfToken;
    private final Instant expiresAt;
    private volatile Instant lastUsed;
    private volatile Flash flash;

    ConsoleSession(String id, String token, String username, String role, String csrfToken, Instant expiresAt) {
        this.id = id;
        this.token = token;
        this.username = username;
        this.role = role;
        this.csrfToken = csrfToken;
        this.expiresAt = expiresAt;
        this.lastUsed = Instant.now();
    }

    public String id() {
        return id;
    }

    public String token() {
        return token;
    }

    public String username() {
        return username;
    }

    public String role() {
        return role;
    }

    public boolean admin() {
        return "admin".equals(role);
    }

    public String csrfToken() {
        return csrfToken;
    }

    Instant expiresAt() {
        return expiresAt;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void touch() {
        lastUsed = Instant.now();
    }

    public void flash(Flash message) {
        this.flash = message;
    }

    /** The message for the next page, once. */
    public Flash takeFlash() {
        Flash f = flash;
        flash = null;
        return f;
    }

    /** A one-time message shown at the top of the next page: {@code success} or {@code error}. */
    public record Flash(String kind, String message) {
        public static Flash success(String message) {
            return new Flash("success", message);
        }

        public static Flash error(String message) {
            return new Flash("error", message);
        }
    }
}

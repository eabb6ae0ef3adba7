package io.kin.admin.api.auth;

import java.util.Locale;

/** What a caller of the admin API may do: {@code admin} reads and writes, {@code viewer} only reads. */
public enum Role {
    ADMIN, VIEWER;

    /** The name stored and shown: {@code admin} or {@code viewer}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role of(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }

    /** The pattern a body's role field must match (bean validation). */
    public static final String PATTERN = "admin|viewer";
}

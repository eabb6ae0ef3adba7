package io.kin.admin.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Who made a request, once {@link AccessFilter} has authenticated it.
 *
 * @param name an admin user's name, or an API key's name
 * @param kind {@code user} for a console login session, {@code api-key} for a key
 */
public record Caller(String name, Role role, String kind) {

    static final String PROPERTY = "kin.caller";

    /** The caller of the request in hand; {@link AccessFilter} has run for every {@code /api/v1} path. */
    public static Caller of(ContainerRequestContext request) {
        return (Caller) request.getProperty(PROPERTY);
    }
}

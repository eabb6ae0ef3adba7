package io.kin.broker.auth;

/** Who is asking to publish or subscribe; {@code username} is null for an anonymous client. */
public record ClientIdentity(String clientId, String username) {
}

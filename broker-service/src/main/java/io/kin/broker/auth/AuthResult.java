package io.kin.broker.auth;

/** Outcome of authenticating a CONNECT. {@code username} is null for an accepted anonymous client. */
public record AuthResult(boolean success, String username, AuthFailure failure, String reason) {

    public static AuthResult ok(String username) {
        return new AuthResult(true, username, null, null);
    }

    public static AuthResult failed(AuthFailure failure, String reason) {
        return new AuthResult(false, null, failure, reason);
    }
}

package io.kin.broker.auth;

import io.kin.credentials.PasswordHasher;
import io.kin.credentials.ScramCredentials;

/**
 * One user as the broker stores it. {@code passwordHash} is a {@link PasswordHasher} encoding; {@code scram} may be
 * null when the user can only log in with a CONNECT password.
 */
public record UserCredentials(String username, String passwordHash, ScramCredentials scram, boolean superuser) {

    /** Hashes stay out of logs. */
    @Override
    public String toString() {
        return "UserCredentials[username=" + username + ", superuser=" + superuser + "]";
    }
}

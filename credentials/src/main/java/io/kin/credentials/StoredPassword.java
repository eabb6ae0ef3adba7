package io.kin.credentials;

/**
 * Everything a row of {@code mqtt_user} keeps about a password, made the one way every writer (broker, admin API)
 * makes it: a {@link PasswordHasher} encoding for user name and password CONNECTs, and {@link ScramCredentials} for
 * SCRAM-SHA-256 enhanced authentication. Never the password itself.
 *
 * <p>Making one takes tens of milliseconds of CPU on purpose: never on an event loop.
 */
public record StoredPassword(String passwordHash, ScramCredentials scram) {

    public StoredPassword {
        if (passwordHash == null || scram == null) {
            throw new IllegalArgumentException("passwordHash and scram are required");
        }
    }

    /**
     * With the default iteration counts ({@link PasswordHasher#DEFAULT_ITERATIONS},
     * {@link ScramCredentials#DEFAULT_ITERATIONS}), as the broker's own user store makes them.
     */
    public static StoredPassword of(char[] password) {
        return of(password, new PasswordHasher());
    }

    public static StoredPassword of(char[] password, PasswordHasher hasher) {
        return new StoredPassword(hasher.hash(password), ScramCredentials.generate(password));
    }

    /** Whether {@code password} is the one this was made from, by both the PBKDF2 hash and the SCRAM keys. */
    public boolean matches(char[] password) {
        return new PasswordHasher().verify(password, passwordHash)
                && ScramCredentials.derive(password, scram.salt(), scram.iterations()).equals(scram);
    }
}

package io.kin.credentials;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * What a server stores to run SCRAM-SHA-256 (RFC 5802, RFC 7677) for one user: never the password, and nothing a
 * thief could log in with directly.
 */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** RFC 7677 asks for at least 4096; clients repeat this work on every login, so keep it moderate. */
    public static final int DEFAULT_ITERATIONS = 4096;
    /** The length of the salt {@link #generate} draws. */
    public static final int SALT_BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramCredentials {
        if (salt == null || salt.length == 0 || iterations < 1 || storedKey == null || serverKey == null) {
            throw new IllegalArgumentException("salt, iterations, storedKey and serverKey are required");
        }
    }

    /**
     * SaltedPassword = PBKDF2-HMAC-SHA256(password, salt, i); ClientKey = HMAC(SaltedPassword, "Client Key");
     * StoredKey = SHA256(ClientKey); ServerKey = HMAC(SaltedPassword, "Server Key"). The password is used as given
     * (UTF-8): SASLprep normalisation is not applied.
     */
    public static ScramCredentials derive(char[] password, byte[] salt, int iterations) {
        byte[] saltedPassword = Sha256.pbkdf2(password, salt, iterations, Sha256.LENGTH_BYTES);
        byte[] clientKey = Sha256.hmac(saltedPassword, "Client Key");
        byte[] storedKey = Sha256.digest(clientKey);
        byte[] serverKey = Sha256.hmac(saltedPassword, "Server Key");
        Arrays.fill(saltedPassword, (byte) 0);
        Arrays.fill(clientKey, (byte) 0);
        return new ScramCredentials(salt.clone(), iterations, storedKey, serverKey);
    }

    /**
     * Credentials for a new or changed password: a fresh random salt of {@link #SALT_BYTES} and
     * {@link #DEFAULT_ITERATIONS}, as every writer of {@code mqtt_user} stores them. Takes milliseconds of CPU.
     */
    public static ScramCredentials generate(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return derive(password, salt, DEFAULT_ITERATIONS);
    }

    // Arrays compare by reference in records: compare contents instead.
    @Override
    public boolean equals(Object o) {
        return o instanceof ScramCredentials other
                && iterations == other.iterations
                && Arrays.equals(salt, other.salt)
                && Arrays.equals(storedKey, other.storedKey)
                && Arrays.equals(serverKey, other.serverKey);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(salt) + iterations;
    }

    /** Keys stay out of logs. */
    @Override
    public String toString() {
        return "ScramCredentials[iterations=" + iterations + "]";
    }
}

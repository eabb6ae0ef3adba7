package io.kin.broker.auth;

import java.util.Arrays;

/**
 * What a server stores to run SCRAM-SHA-256 (RFC 5802, RFC 7677) for one user: never the password, and nothing a
 * thief could log in with directly.
 */
public record ScramCredentials(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** RFC 7677 asks for at least 4096; clients repeat this work on every login, so keep it moderate. */
    public static final int DEFAULT_ITERATIONS = 4096;

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

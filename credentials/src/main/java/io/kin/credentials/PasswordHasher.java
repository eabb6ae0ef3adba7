package io.kin.credentials;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Password storage with PBKDF2-HMAC-SHA256. The encoded form names the scheme and its parameters
 * ({@code pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>}) so hashes made with other iteration counts
 * keep verifying after the default changes.
 *
 * <p>Hashing and verifying take tens of milliseconds of CPU on purpose: never call them on an event loop.
 * Not final only so tests can observe which thread verifies.
 */
public class PasswordHasher {

    /** OWASP suggests 600,000 for PBKDF2-SHA256 (2023); 100,000 keeps CONNECT storms affordable. */
    public static final int DEFAULT_ITERATIONS = 100_000;

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    /** Refuse stored hashes that would pin a worker thread for minutes. */
    private static final int MAX_ITERATIONS = 10_000_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;

    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    public PasswordHasher(int iterations) {
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be between 1 and " + MAX_ITERATIONS);
        }
        this.iterations = iterations;
    }

    public int iterations() {
        return iterations;
    }

    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = Sha256.pbkdf2(password, salt, iterations, Sha256.LENGTH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder();
        return SCHEME + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    /** False for a wrong password and for anything that is not a hash this class made. */
    public boolean verify(char[] password, String encoded) {
        if (password == null || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            return false;
        }
        int storedIterations;
        byte[] salt;
        byte[] expected;
        try {
            storedIterations = Integer.parseInt(parts[1]);
            salt = Base64.getDecoder().decode(parts[2]);
            expected = Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (storedIterations < 1 || storedIterations > MAX_ITERATIONS || salt.length == 0 || expected.length == 0) {
            return false;
        }
        byte[] actual = Sha256.pbkdf2(password, salt, storedIterations, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }
}

package io.kin.admin.api.auth;

import io.kin.credentials.Sha256;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Session tokens and API keys: 256 random bits behind a prefix that says which is which. Only their SHA-256 is
 * stored, so a leaked table gives nothing that authenticates; a fast hash suffices because nobody can guess 256 bits.
 */
final class Tokens {

    static final String SESSION_PREFIX = "kin_s_";
    static final String API_KEY_PREFIX = "kin_k_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String newSessionToken() {
        return SESSION_PREFIX + random(32);
    }

    static String newApiKey() {
        return API_KEY_PREFIX + random(32);
    }

    /** A short random id (for API keys), safe in URLs. */
    static String newId() {
        return random(6);
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(Sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}

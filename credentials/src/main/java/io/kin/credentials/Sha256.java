package io.kin.credentials;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 based primitives password storage and SCRAM-SHA-256 are built from; JDK providers only. Public for the
 * broker's SCRAM exchange, which computes client and server signatures with them.
 */
public final class Sha256 {

    public static final int LENGTH_BYTES = 32;

    private Sha256() {
    }

    public static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides HmacSHA256", e);
        }
    }

    public static byte[] hmac(byte[] key, String data) {
        return hmac(key, data.getBytes(StandardCharsets.UTF_8));
    }

    /** PBKDF2-HMAC-SHA256; the JDK feeds the password to HMAC as UTF-8. */
    public static byte[] pbkdf2(char[] password, byte[] salt, int iterations, int lengthBytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, lengthBytes * 8);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}

package io.kin.broker.auth;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Client side of SCRAM-SHA-256, written independently of the server code (straight from RFC 5802 section 3) so the
 * tests check the server against the RFC, not against itself.
 */
final class ScramClient {

    final String username;
    final char[] password;
    final String clientNonce;
    String clientFirstBare;
    String authMessage;
    byte[] saltedPassword;

    ScramClient(String username, String password, String clientNonce) {
        this.username = username;
        this.password = password.toCharArray();
        this.clientNonce = clientNonce;
    }

    String clientFirst() {
        clientFirstBare = "n=" + username.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce;
        return "n,," + clientFirstBare;
    }

    /** Answers a server-first message; uses the combined nonce the server sent. */
    String clientFinal(String serverFirst) throws Exception {
        String nonce = attribute(serverFirst, "r");
        byte[] salt = Base64.getDecoder().decode(attribute(serverFirst, "s"));
        int iterations = Integer.parseInt(attribute(serverFirst, "i"));
        String withoutProof = "c=biws,r=" + nonce;
        authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** The server-final message a genuine server must send. */
    String expectedServerFinal() throws Exception {
        byte[] serverKey = hmac(saltedPassword, "Server Key");
        return "v=" + Base64.getEncoder().encodeToString(hmac(serverKey, authMessage));
    }

    static String attribute(String message, String name) {
        for (String part : message.split(",")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + message);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}

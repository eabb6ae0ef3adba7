package io.kin.credentials;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the admin API stores ({@link StoredPassword}) is what the broker verifies, byte for byte: the broker checks
 * CONNECT passwords with {@link PasswordHasher#verify} and SCRAM-SHA-256 proofs against the stored key the way
 * {@code io.kin.broker.auth.ScramSha256Mechanism} does (repeated here, on top of {@link Sha256}), and a standard
 * SCRAM client (RFC 5802, computed here with the JDK alone) logs in with the stored keys.
 *
 * <p>The pinned values were made by the broker's own classes before they moved into this module: a change that
 * breaks them would lock every existing user out.
 */
class BrokerCompatibilityTest {

    private static final String PASSWORD = "pässwörd✓";
    /** {@code new PasswordHasher().hash(PASSWORD)} and {@code new PasswordHasher(1000)...}, by the broker's old class. */
    private static final String PINNED_DEFAULT_HASH =
            "pbkdf2-sha256$100000$7ZRZgaMA3AuG9dD4Ggweiw==$bqtprq/ovLg+vYdv1nmNmiSyhtsYwuNmkctQQd/AMBM=";
    private static final String PINNED_1000_HASH =
            "pbkdf2-sha256$1000$96sFjKp8S3uAMpdeNyrCzw==$ApC6ECiJF0Ru30x+eq9E/wvsZp5T8E3GQRLht71qfYc=";
    /** {@code ScramCredentials.derive(PASSWORD, PINNED_SALT, 4096)} by the broker's old class. */
    private static final byte[] PINNED_SALT = Base64.getDecoder().decode("c2FsdC1mb3Ita2luLW1xdHQ=");
    private static final String PINNED_STORED_KEY = "II7OPnTbxp1KqA0/hQuJAUkzIku5IlbIV6mFwsVGIaU=";
    private static final String PINNED_SERVER_KEY = "o4clCkrbHIhyS0wX87kgCL0c0SpgoL+0AY9KqQrZcSY=";

    @Test
    void hashesMadeBeforeTheMoveStillVerify() {
        PasswordHasher hasher = new PasswordHasher();

        assertThat(hasher.verify(PASSWORD.toCharArray(), PINNED_DEFAULT_HASH)).isTrue();
        assertThat(hasher.verify(PASSWORD.toCharArray(), PINNED_1000_HASH)).isTrue();
        assertThat(hasher.verify("passwörd✓".toCharArray(), PINNED_1000_HASH)).isFalse();
    }

    @Test
    void scramKeysAreTheSameAsBeforeTheMove() {
        ScramCredentials scram = ScramCredentials.derive(PASSWORD.toCharArray(), PINNED_SALT, 4096);

        assertThat(Base64.getEncoder().encodeToString(scram.storedKey())).isEqualTo(PINNED_STORED_KEY);
        assertThat(Base64.getEncoder().encodeToString(scram.serverKey())).isEqualTo(PINNED_SERVER_KEY);
    }

    @Test
    void aStoredPasswordHasTheBrokersFormAndVerifies() {
        StoredPassword stored = StoredPassword.of(PASSWORD.toCharArray());

        assertThat(stored.passwordHash()).matches("pbkdf2-sha256\\$100000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
        assertThat(new PasswordHasher().verify(PASSWORD.toCharArray(), stored.passwordHash())).isTrue();
        assertThat(new PasswordHasher().verify("wrong".toCharArray(), stored.passwordHash())).isFalse();
        assertThat(stored.scram().salt()).hasSize(ScramCredentials.SALT_BYTES);
        assertThat(stored.scram().iterations()).isEqualTo(ScramCredentials.DEFAULT_ITERATIONS);
        assertThat(ScramCredentials.derive(PASSWORD.toCharArray(), stored.scram().salt(), stored.scram().iterations()))
                .isEqualTo(stored.scram());
        assertThat(stored.matches(PASSWORD.toCharArray())).isTrue();
        assertThat(stored.matches("wrong".toCharArray())).isFalse();
    }

    @Test
    void eachStoredPasswordHasItsOwnSalts() {
        StoredPassword a = StoredPassword.of("pw".toCharArray(), new PasswordHasher(1_000));
        StoredPassword b = StoredPassword.of("pw".toCharArray(), new PasswordHasher(1_000));

        assertThat(a.passwordHash()).isNotEqualTo(b.passwordHash());
        assertThat(a.scram().salt()).isNotEqualTo(b.scram().salt());
    }

    @Test
    void aStandardScramClientLogsInWithTheStoredKeysAndAcceptsTheServerSignature() throws Exception {
        StoredPassword stored = StoredPassword.of(PASSWORD.toCharArray(), new PasswordHasher(1_000));
        ScramCredentials server = stored.scram();
        String clientFirstBare = "n=sensor-1,r=fyko+d2lbbFgONRv9qkxdawL";
        String serverFirst = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s="
                + Base64.getEncoder().encodeToString(server.salt()) + ",i=" + server.iterations();
        String withoutProof = "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j";
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;

        // the client, from the password and what the server sent, with the JDK only (RFC 5802 section 3)
        byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), server.salt(), server.iterations(), 256))
                .getEncoded();
        byte[] clientKey = hmac(saltedPassword, "Client Key");
        byte[] clientSignature = hmac(MessageDigest.getInstance("SHA-256").digest(clientKey), authMessage);
        byte[] proof = xor(clientKey, clientSignature);
        byte[] expectedServerSignature = hmac(hmac(saltedPassword, "Server Key"), authMessage);

        // the server, as io.kin.broker.auth.ScramSha256Mechanism checks the proof and signs
        byte[] recoveredClientKey = xor(proof, Sha256.hmac(server.storedKey(), authMessage));
        assertThat(MessageDigest.isEqual(Sha256.digest(recoveredClientKey), server.storedKey())).isTrue();
        assertThat(Sha256.hmac(server.serverKey(), authMessage)).isEqualTo(expectedServerSignature);

        // and a wrong password's proof fails
        StoredPassword other = StoredPassword.of("other".toCharArray(), new PasswordHasher(1_000));
        byte[] wrong = xor(proof, Sha256.hmac(other.scram().storedKey(), authMessage));
        assertThat(MessageDigest.isEqual(Sha256.digest(wrong), other.scram().storedKey())).isFalse();
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}

package io.kin.broker.auth;

import io.kin.credentials.ScramCredentials;
import io.kin.credentials.Sha256;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Server side of SCRAM-SHA-256 (RFC 5802, RFC 7677) carried in MQTT 5 AUTH packets, without channel binding:
 * <pre>
 * client-first  n,,n=user,r=cnonce                 -> Continue  r=cnonce+snonce,s=salt,i=iterations
 * client-final  c=biws,r=cnonce+snonce,p=proof     -> Success   v=serverSignature
 * </pre>
 * An unknown user gets a normal-looking server-first message (salt derived from the name and a per-process secret,
 * so it is stable across attempts) and fails only at the proof, like a wrong password.
 * Usernames are compared as sent: SASLprep is not applied.
 */
@ApplicationScoped
public class ScramSha256Mechanism implements EnhancedAuthMechanism {

    public static final String METHOD = "SCRAM-SHA-256";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int NONCE_BYTES = 18;

    private final UserStore users;
    private final Supplier<String> serverNonces;
    private final byte[] decoySecret = randomBytes(32);

    @Inject
    public ScramSha256Mechanism(UserStore users) {
        this(users, ScramSha256Mechanism::randomNonce);
    }

    /** {@code serverNonces} makes the server's nonce part predictable for test vectors. */
    public ScramSha256Mechanism(UserStore users, Supplier<String> serverNonces) {
        this.users = users;
        this.serverNonces = serverNonces;
    }

    @Override
    public String method() {
        return METHOD;
    }

    @Override
    public EnhancedAuthExchange start(String clientId) {
        return new Exchange();
    }

    private enum Expecting { CLIENT_FIRST, CLIENT_FINAL, NOTHING }

    private final class Exchange implements EnhancedAuthExchange {

        private Expecting expecting = Expecting.CLIENT_FIRST;
        private String gs2Header;
        private String clientFirstBare;
        private String serverFirst;
        private String nonce;
        private String username;
        private ScramCredentials credentials;
        private boolean knownUser;

        @Override
        public Future<AuthStep> next(byte[] clientData) {
            Expecting now = expecting;
            expecting = Expecting.NOTHING; // any failure ends the exchange
            return switch (now) {
                case CLIENT_FIRST -> clientFirst(clientData);
                case CLIENT_FINAL -> Future.succeededFuture(clientFinal(clientData));
                case NOTHING -> Future.succeededFuture(malformed("authentication exchange already finished"));
            };
        }

        private Future<AuthStep> clientFirst(byte[] data) {
            String message = utf8(data);
            if (message == null) {
                return Future.succeededFuture(malformed("client-first-message is not UTF-8"));
            }
            // gs2-header = cbind-flag "," [ authzid ] ","
            if (message.startsWith("p=")) {
                return Future.succeededFuture(malformed("channel binding is not supported"));
            }
            if (!message.startsWith("n,") && !message.startsWith("y,")) {
                return Future.succeededFuture(malformed("client-first-message has no gs2 header"));
            }
            int headerEnd = message.indexOf(',', 2);
            if (headerEnd < 0) {
                return Future.succeededFuture(malformed("client-first-message has no gs2 header"));
            }
            String authzid = message.substring(2, headerEnd);
            String bare = message.substring(headerEnd + 1);
            String[] attributes = bare.split(",", -1);
            if (attributes.length < 2 || !attributes[0].startsWith("n=") || !attributes[1].startsWith("r=")) {
                return Future.succeededFuture(malformed("client-first-message needs n= and r= first"));
            }
            String name = decodeSaslName(attributes[0].substring(2));
            String clientNonce = attributes[1].substring(2);
            if (name == null || name.isEmpty()) {
                return Future.succeededFuture(malformed("bad username encoding"));
            }
            if (!isPrintableNonce(clientNonce)) {
                return Future.succeededFuture(malformed("bad client nonce"));
            }
            if (!authzid.isEmpty() && !(authzid.startsWith("a=") && name.equals(decodeSaslName(authzid.substring(2))))) {
                return Future.succeededFuture(malformed("acting as another user (authzid) is not supported"));
            }
            gs2Header = message.substring(0, headerEnd + 1);
            clientFirstBare = bare;
            username = name;
            nonce = clientNonce + serverNonces.get();
            return users.find(name).map(found -> serverFirst(found));
        }

        private AuthStep serverFirst(Optional<UserCredentials> found) {
            knownUser = found.isPresent() && found.get().scram() != null;
            credentials = knownUser ? found.get().scram() : decoyCredentials(username);
            serverFirst = "r=" + nonce
                    + ",s=" + Base64.getEncoder().encodeToString(credentials.salt())
                    + ",i=" + credentials.iterations();
            expecting = Expecting.CLIENT_FINAL;
            return new AuthStep.Continue(serverFirst.getBytes(StandardCharsets.UTF_8));
        }

        private AuthStep clientFinal(byte[] data) {
            String message = utf8(data);
            if (message == null) {
                return malformed("client-final-message is not UTF-8");
            }
            int proofAt = message.lastIndexOf(",p=");
            if (proofAt < 0) {
                return malformed("client-final-message has no proof");
            }
            String withoutProof = message.substring(0, proofAt);
            String[] attributes = withoutProof.split(",", -1);
            if (attributes.length < 2 || !attributes[0].startsWith("c=") || !attributes[1].startsWith("r=")) {
                return malformed("client-final-message needs c= and r= first");
            }
            String expectedBinding = Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8));
            if (!attributes[0].substring(2).equals(expectedBinding)) {
                return malformed("channel binding does not repeat the gs2 header");
            }
            if (!attributes[1].substring(2).equals(nonce)) {
                return malformed("nonce does not match");
            }
            byte[] proof;
            try {
                proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
            } catch (IllegalArgumentException e) {
                return malformed("proof is not base64");
            }
            if (proof.length != Sha256.LENGTH_BYTES) {
                return malformed("proof has the wrong length");
            }
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] clientSignature = Sha256.hmac(credentials.storedKey(), authMessage);
            byte[] clientKey = xor(proof, clientSignature);
            boolean proven = MessageDigest.isEqual(Sha256.digest(clientKey), credentials.storedKey());
            Arrays.fill(clientKey, (byte) 0);
            if (!proven || !knownUser) {
                return new AuthStep.Failure(AuthFailure.BAD_USERNAME_OR_PASSWORD, "bad username or password");
            }
            byte[] serverSignature = Sha256.hmac(credentials.serverKey(), authMessage);
            String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
            return new AuthStep.Success(serverFinal.getBytes(StandardCharsets.UTF_8), username);
        }
    }

    /** Looks like a real user's credentials and is the same on every attempt for one name; nothing can match it. */
    private ScramCredentials decoyCredentials(String username) {
        byte[] salt = Arrays.copyOf(Sha256.hmac(decoySecret, "salt:" + username), 16);
        return new ScramCredentials(salt, ScramCredentials.DEFAULT_ITERATIONS, randomBytes(32), randomBytes(32));
    }

    private static AuthStep malformed(String reason) {
        return new AuthStep.Failure(AuthFailure.NOT_AUTHORIZED, reason);
    }

    /** saslname: "," is sent as "=2C" and "=" as "=3D"; any other "=" is an error (null). */
    static String decodeSaslName(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '=') {
                out.append(c);
            } else if (encoded.startsWith("2C", i + 1)) {
                out.append(',');
                i += 2;
            } else if (encoded.startsWith("3D", i + 1)) {
                out.append('=');
                i += 2;
            } else {
                return null;
            }
        }
        return out.toString();
    }

    /** RFC 5802 printable: %x21-2B / %x2D-7E, i.e. visible ASCII except ",". */
    private static boolean isPrintableNonce(String nonce) {
        if (nonce.isEmpty()) {
            return false;
        }
        for (int i = 0; i < nonce.length(); i++) {
            char c = nonce.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    private static String utf8(byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }

    private static String randomNonce() {
        return Base64.getEncoder().encodeToString(randomBytes(NONCE_BYTES));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

package io.kin.broker.auth;

import io.kin.credentials.PasswordHasher;
import io.quarkus.arc.DefaultBean;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Username and password from CONNECT, checked against the {@link UserStore}. Hash verification runs on a Vert.x
 * worker thread, never on the connection's event loop.
 */
@ApplicationScoped
@DefaultBean
public class PasswordAuthenticator implements Authenticator {

    private final Vertx vertx;
    private final UserStore users;
    private final PasswordHasher hasher;
    private volatile boolean allowAnonymous;
    /**
     * Verified against for unknown users, so they cost the same as a wrong password and do not stand out. Made on
     * first use, on a worker thread: the bean itself may be created on an event loop.
     */
    private volatile String decoyHash;

    @Inject
    public PasswordAuthenticator(Vertx vertx, UserStore users,
                                 @ConfigProperty(name = "kin.mqtt.allow-anonymous", defaultValue = "true")
                                 boolean allowAnonymous) {
        this(vertx, users, new PasswordHasher(), allowAnonymous);
    }

    public PasswordAuthenticator(Vertx vertx, UserStore users, PasswordHasher hasher, boolean allowAnonymous) {
        this.vertx = vertx;
        this.users = users;
        this.hasher = hasher;
        this.allowAnonymous = allowAnonymous;
    }

    public void setAllowAnonymous(boolean allowAnonymous) {
        this.allowAnonymous = allowAnonymous;
    }

    public boolean allowAnonymous() {
        return allowAnonymous;
    }

    @Override
    public Future<AuthResult> authenticate(ConnectCredentials credentials) {
        String username = credentials.username();
        if (username == null) {
            return Future.succeededFuture(allowAnonymous
                    ? AuthResult.ok(null)
                    : AuthResult.failed(AuthFailure.NOT_AUTHORIZED, "anonymous clients are not allowed"));
        }
        byte[] password = credentials.password();
        return users.find(username).compose(found -> {
            String hash = found.map(UserCredentials::passwordHash).orElse(null);
            // ordered=false: CONNECTs on one event loop must not queue behind each other's hashing
            return vertx.executeBlocking(() -> {
                boolean verified = verify(password, hash);
                return verified
                        ? AuthResult.ok(username)
                        : AuthResult.failed(AuthFailure.BAD_USERNAME_OR_PASSWORD, "bad username or password");
            }, false);
        });
    }

    /** Always does one full verification, whether the user exists, has a password, or sent one. */
    private boolean verify(byte[] password, String hash) {
        char[] chars = password == null ? new char[0] : toChars(password);
        try {
            boolean matches = hasher.verify(chars, hash != null ? hash : decoyHash());
            return matches && hash != null && password != null;
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private String decoyHash() {
        String decoy = decoyHash;
        if (decoy == null) {
            // a race makes two decoys; either serves
            byte[] random = new byte[16];
            new SecureRandom().nextBytes(random);
            decoy = hasher.hash(Base64.getEncoder().encodeToString(random).toCharArray());
            decoyHash = decoy;
        }
        return decoy;
    }

    private static char[] toChars(byte[] utf8) {
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(utf8));
        char[] chars = Arrays.copyOfRange(decoded.array(), decoded.position(), decoded.limit());
        Arrays.fill(decoded.array(), '\0');
        return chars;
    }
}

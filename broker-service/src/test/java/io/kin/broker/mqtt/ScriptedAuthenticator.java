package io.kin.broker.mqtt;

import io.kin.broker.auth.AuthFailure;
import io.kin.broker.auth.AuthResult;
import io.kin.broker.auth.Authenticator;
import io.kin.broker.auth.ConnectCredentials;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test {@link Authenticator} with fixed answers by user name, selected by {@link PluggedHooks}:
 * <ul>
 *   <li>no user name: accepted, anonymous;</li>
 *   <li>{@code token:<name>} with password {@value #VALID_TOKEN}: accepted as {@code mapped-<name>}, decided 50 ms
 *       later on a thread of its own (neither the event loop nor a Vert.x thread); another password: 0x86;</li>
 *   <li>{@value #REFUSES}: refused as not authorized (0x87 / 5);</li>
 *   <li>{@value #FAILS}: the future fails, as when a directory is unreachable;</li>
 *   <li>{@value #THROWS}: the call throws instead of returning a future;</li>
 *   <li>anyone else: bad user name or password.</li>
 * </ul>
 * It records every call, so tests can see what the broker passed on.
 */
@Alternative
@ApplicationScoped
public class ScriptedAuthenticator implements Authenticator {

    static final String VALID_TOKEN = "valid-token";
    static final String REFUSES = "plugin-refuses";
    static final String FAILS = "plugin-fails";
    static final String THROWS = "plugin-throws";

    private final Queue<ConnectCredentials> calls = new ConcurrentLinkedQueue<>();
    private ScheduledExecutorService decider;

    @PostConstruct
    void start() {
        decider = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scripted-authenticator");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Future<AuthResult> authenticate(ConnectCredentials credentials) {
        calls.add(credentials);
        String username = credentials.username();
        if (username == null) {
            return Future.succeededFuture(AuthResult.ok(null));
        }
        switch (username) {
            case REFUSES:
                return Future.succeededFuture(AuthResult.failed(AuthFailure.NOT_AUTHORIZED, "refused by the plug-in"));
            case FAILS:
                return Future.failedFuture(new IllegalStateException("directory unreachable"));
            case THROWS:
                throw new IllegalStateException("a bug in the plug-in");
            default:
                break;
        }
        if (username.startsWith("token:")) {
            String password = credentials.password() == null ? ""
                    : new String(credentials.password(), StandardCharsets.UTF_8);
            Promise<AuthResult> decided = Promise.promise();
            decider.schedule(() -> decided.complete(VALID_TOKEN.equals(password)
                    ? AuthResult.ok("mapped-" + username.substring("token:".length()))
                    : AuthResult.failed(AuthFailure.BAD_USERNAME_OR_PASSWORD, "bad token")), 50, TimeUnit.MILLISECONDS);
            return decided.future();
        }
        return Future.succeededFuture(AuthResult.failed(AuthFailure.BAD_USERNAME_OR_PASSWORD, "unknown"));
    }

    /** The credentials of the last call for a client id, or null (a method: tests reach the bean via a proxy). */
    public ConnectCredentials lastCallOf(String clientId) {
        ConnectCredentials last = null;
        for (ConnectCredentials c : calls) {
            if (clientId.equals(c.clientId())) {
                last = c;
            }
        }
        return last;
    }

    @PreDestroy
    void stop() {
        decider.shutdownNow();
    }
}

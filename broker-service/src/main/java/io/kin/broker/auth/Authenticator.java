package io.kin.broker.auth;

import io.vertx.core.Future;

/**
 * Decides whether a CONNECT may proceed: the broker's port for authentication. The built-in implementation is
 * {@link PasswordAuthenticator} (a default bean); an application-scoped bean of another implementation replaces it.
 *
 * <p>The future may complete on any thread; the broker handles the outcome on the connection's event loop, so
 * blocking work belongs on a worker thread, never in this method. A refusal is a succeeded future with
 * {@link AuthResult#failed}: the client gets that failure's reason code. A failed future (or an exception thrown
 * here) means the decision could not be made, for example the user store is down: the client gets 0x80 Unspecified
 * error (MQTT 3: return code 3, server unavailable), not "bad password".
 */
public interface Authenticator {

    Future<AuthResult> authenticate(ConnectCredentials credentials);
}

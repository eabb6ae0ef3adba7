package io.kin.broker.auth;

import io.vertx.core.Future;

/**
 * Decides whether a CONNECT may proceed. A failed future means the decision could not be made (for example the
 * user store is down): answer "Server unavailable" (0x88 / 3), not "bad password".
 */
public interface Authenticator {

    Future<AuthResult> authenticate(ConnectCredentials credentials);
}

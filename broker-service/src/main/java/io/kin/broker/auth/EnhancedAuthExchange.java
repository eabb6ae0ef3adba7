package io.kin.broker.auth;

import io.vertx.core.Future;

/**
 * One client's run through a challenge/response mechanism: feed it the authentication data of CONNECT, then of each
 * AUTH packet, until it answers Success or Failure. Holds per-exchange state; do not call {@code next} again before
 * the previous future has completed.
 */
public interface EnhancedAuthExchange {

    Future<AuthStep> next(byte[] clientData);
}

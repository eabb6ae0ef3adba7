package io.kin.broker.auth;

import io.vertx.core.Future;

import java.util.Optional;

/** Port to where users live (memory, PostgreSQL). A failed future means the store could not answer. */
@FunctionalInterface
public interface UserStore {

    Future<Optional<UserCredentials>> find(String username);
}

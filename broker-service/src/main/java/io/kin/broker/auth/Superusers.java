package io.kin.broker.auth;

/**
 * Who bypasses ACLs. Asked on every PUBLISH and SUBSCRIBE, so implementations answer from memory.
 */
@FunctionalInterface
public interface Superusers {

    Superusers NONE = username -> false;

    boolean includes(String username);
}

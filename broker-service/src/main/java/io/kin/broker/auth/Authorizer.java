package io.kin.broker.auth;

/**
 * Whether a connected client may publish to a topic or subscribe with a filter. Synchronous because it runs for
 * every message: implementations answer from memory and refresh their caches on their own.
 */
public interface Authorizer {

    boolean canPublish(ClientIdentity client, String topic);

    /** {@code filter} without a {@code $share/<group>/} prefix. */
    boolean canSubscribe(ClientIdentity client, String filter);
}

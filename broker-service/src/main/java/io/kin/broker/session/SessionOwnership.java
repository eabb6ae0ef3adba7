package io.kin.broker.session;

import io.vertx.core.Future;

/**
 * Which node holds a client's session. Before a client's session opens on this node, the node that held it (if
 * another, and alive) lets it go: it disconnects the client there (MQTT 5 reason 0x8E) and completes the session's
 * pending writes, and this node loads the session from the store. A single node holds every session.
 */
public interface SessionOwnership {

    /** Makes this node the owner of the client's session; completes when the session may be opened here. */
    Future<Void> claim(String clientId, boolean cleanStart);
}

package io.kin.broker.routing;

import io.kin.broker.message.Message;
import io.vertx.core.Future;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The part of routing that crosses nodes: which other nodes have subscribers for a topic, and which node of the
 * cluster serves each shared subscription group. A single node has none of it ({@link #active()} is false).
 */
public interface RemoteRouting {

    boolean active();

    /**
     * Forwards the message to every other node with a matching route (once per node) and picks, cluster-wide, the
     * node that serves each matching shared group; groups picked for this node are handed to {@code localShared}
     * (group name, filter). Futures of forwards that must complete before the publisher is acknowledged go to
     * {@code pending}. Returns how many other nodes it went to.
     */
    int route(Message message, BiConsumer<String, String> localShared, Consumer<Future<Void>> pending);
}

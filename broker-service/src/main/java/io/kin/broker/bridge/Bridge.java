package io.kin.broker.bridge;

import io.kin.rules.bridge.BridgeConfig;
import io.vertx.core.Future;

/**
 * A named connection to an external system that rule actions send to. Sending never waits for that system: a
 * record is put in the bridge's bounded buffer (or dropped when it is full) and delivered in the background, with
 * retries and back-off.
 */
public interface Bridge {

    String name();

    BridgeConfig config();

    /**
     * Hands a record over and returns at once, from any thread: no I/O happens on the caller's thread. Delivery
     * is at least once; records retried after a failure may overtake later ones.
     */
    SendResult send(BridgeRecord record);

    BridgeStatus status();

    /**
     * Stops accepting records, gives the buffered ones a short time to leave (when the system is reachable), then
     * closes the connection; what is still buffered then is counted as dropped.
     */
    Future<Void> close();
}

package io.kin.broker.bridge;

import io.vertx.core.Future;

import java.util.function.Consumer;

/**
 * The client of one kind of external system, driven by {@link BufferedBridge} from the bridge's own event-loop
 * context (never concurrently). Futures may complete on any thread.
 */
interface BridgeTransport {

    /** Opens (or reopens, after a loss) the connection; completes when records can be delivered. */
    Future<Void> connect();

    /**
     * Delivers one record; completes when the system has taken it (HTTP 2xx, Kafka ack, RabbitMQ confirm, MQTT
     * PUBACK/PUBCOMP). Fails with {@link UndeliverableException} when retrying cannot help.
     */
    Future<Void> deliver(BridgeRecord record);

    /** Whether the connection still stands after a failed delivery (false: reconnect before the next attempt). */
    boolean isConnected();

    /** Tells the bridge when an established connection drops by itself. */
    default void onConnectionLost(Consumer<Throwable> handler) {
    }

    Future<Void> close();
}

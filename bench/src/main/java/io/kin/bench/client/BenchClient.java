package io.kin.bench.client;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The few MQTT operations the scenarios need, the same for MQTT 3.1.1 and 5.0.
 * Every call is asynchronous: the HiveMQ client does the I/O on its Netty event loops.
 */
public interface BenchClient {

    /**
     * @param onMessage receives the payload of every PUBLISH delivered to this client, on an event-loop thread;
     *                  {@code null} for a client that only publishes. Registered before CONNECT so messages queued
     *                  in a resumed session are not missed.
     */
    static BenchClient create(MqttVersion version, Endpoint endpoint, String clientId, Consumer<ByteBuffer> onMessage) {
        return switch (version) {
            case V3 -> new Mqtt3BenchClient(endpoint, clientId, onMessage);
            case V5 -> new Mqtt5BenchClient(endpoint, clientId, onMessage);
        };
    }

    String clientId();

    /** Completes with the CONNACK's session-present flag. */
    CompletableFuture<Boolean> connect(SessionPolicy session);

    /** Fails if the broker refuses the subscription. */
    CompletableFuture<Void> subscribe(String topicFilter, int qos);

    /** Completes when the QoS flow is done (written for QoS 0, PUBACK / PUBCOMP for 1 / 2); fails on a refusal. */
    CompletableFuture<Void> publish(String topic, int qos, ByteBuffer payload);

    CompletableFuture<Void> disconnect();

    /** Disconnects and asks the broker to drop the session (MQTT 5 session expiry 0; MQTT 3 reconnects clean). */
    CompletableFuture<Void> disconnectAndForgetSession();
}

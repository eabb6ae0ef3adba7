package io.kin.broker.bridge;

import java.util.Map;
import java.util.Objects;

/**
 * One message for a bridge, already rendered by the rule action that produced it.
 *
 * @param target  where inside the external system, or null for the bridge's configured one: the Kafka topic, the
 *                RabbitMQ routing key, the remote MQTT topic, or for HTTP a URL resolved against the configured one
 *                (so "/other" replaces the path, "sub" is relative to it)
 * @param key     Kafka record key (ignored by the other kinds); may be null
 * @param payload the body, never null
 * @param headers HTTP headers, Kafka record headers, AMQP message headers (ignored by MQTT)
 * @param qos     remote MQTT QoS 0..2, or null for the bridge's setting
 * @param retain  remote MQTT retain flag, or null for the bridge's setting
 */
public record BridgeRecord(String target, String key, byte[] payload, Map<String, String> headers, Integer qos,
                           Boolean retain) {

    public BridgeRecord {
        Objects.requireNonNull(payload, "payload");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A record for the bridge's configured target. */
    public static BridgeRecord of(byte[] payload) {
        return new BridgeRecord(null, null, payload, Map.of(), null, null);
    }

    public static BridgeRecord of(String target, byte[] payload) {
        return new BridgeRecord(target, null, payload, Map.of(), null, null);
    }

    public BridgeRecord withKey(String key) {
        return new BridgeRecord(target, key, payload, headers, qos, retain);
    }

    public BridgeRecord withHeaders(Map<String, String> headers) {
        return new BridgeRecord(target, key, payload, headers, qos, retain);
    }

    public BridgeRecord withQos(int qos, boolean retain) {
        return new BridgeRecord(target, key, payload, headers, qos, retain);
    }

    /** The target, or {@code fallback} when the record names none. */
    String targetOr(String fallback) {
        return target == null || target.isBlank() ? fallback : target;
    }
}

package io.kin.broker.message;

import java.nio.charset.StandardCharsets;

/**
 * An application message as the broker routes and stores it: immutable, shared by every subscriber it goes to.
 *
 * @param id                 unique per node and increasing, for ordering and de-duplication
 * @param topic              the topic name (never a topic alias)
 * @param qos                the QoS the publisher sent it with
 * @param retain             the publisher's retain flag
 * @param properties         MQTT 5 properties passed through to subscribers
 * @param publisherClientId  who published it ({@code null} for broker-made messages such as $SYS)
 * @param publisherUsername  the publisher's username, if any
 * @param timestamp          when the broker received it, epoch milliseconds
 * @param expiresAt          epoch milliseconds after which it must not be delivered; 0 = never
 */
public record Message(long id, String topic, byte[] payload, int qos, boolean retain, MessageProperties properties,
                      String publisherClientId, String publisherUsername, long timestamp, long expiresAt)
        implements java.io.Serializable {

    public Message {
        if (properties == null) {
            properties = MessageProperties.NONE;
        }
        if (payload == null) {
            payload = new byte[0];
        }
    }

    public boolean isExpired(long nowMillis) {
        return expiresAt > 0 && nowMillis >= expiresAt;
    }

    /** Seconds left for the Message Expiry Interval property on delivery, at least 1 while not expired. */
    public long remainingExpirySeconds(long nowMillis) {
        return Math.max(1, (expiresAt - nowMillis + 999) / 1000);
    }

    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public Message withTopic(String newTopic) {
        return new Message(id, newTopic, payload, qos, retain, properties, publisherClientId, publisherUsername,
                timestamp, expiresAt);
    }

    public Message withRetain(boolean newRetain) {
        return newRetain == retain ? this : new Message(id, topic, payload, qos, newRetain, properties,
                publisherClientId, publisherUsername, timestamp, expiresAt);
    }
}

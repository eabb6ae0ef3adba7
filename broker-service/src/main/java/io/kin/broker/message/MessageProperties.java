package io.kin.broker.message;

import java.util.List;

/**
 * The MQTT 5 PUBLISH properties that travel with a message from publisher to subscribers unchanged
 * (message expiry is carried by {@link Message#expiresAt()}, topic alias and subscription identifiers are per hop).
 *
 * @param payloadFormatIndicator 0 unspecified bytes, 1 UTF-8; {@code null} when absent
 */
public record MessageProperties(Integer payloadFormatIndicator, String contentType, String responseTopic,
                                byte[] correlationData, List<UserProperty> userProperties)
        implements java.io.Serializable {

    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, List.of());

    public MessageProperties {
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public boolean isEmpty() {
        return payloadFormatIndicator == null && contentType == null && responseTopic == null
                && correlationData == null && userProperties.isEmpty();
    }

    public record UserProperty(String key, String value) implements java.io.Serializable {
    }
}

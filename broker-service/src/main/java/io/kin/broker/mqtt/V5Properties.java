package io.kin.broker.mqtt;

import io.kin.broker.message.MessageProperties;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

import java.util.ArrayList;
import java.util.List;

/** Reading and writing MQTT 5 properties by their spec names, on top of Netty's property bag. */
public final class V5Properties {

    private V5Properties() {
    }

    public static Integer integer(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p == null ? null : (Integer) p.value();
    }

    /** Four-byte integers are unsigned in MQTT; Netty hands them over as signed ints. */
    public static Long unsigned(MqttProperties props, MqttPropertyType type) {
        Integer v = integer(props, type);
        return v == null ? null : Integer.toUnsignedLong(v);
    }

    public static String string(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p == null ? null : (String) p.value();
    }

    public static byte[] binary(MqttProperties props, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = props.getProperty(type.value());
        return p == null ? null : (byte[]) p.value();
    }

    /** The properties a message carries from publisher to subscribers. */
    public static MessageProperties messageProperties(MqttProperties props) {
        if (props == null || props.isEmpty()) {
            return MessageProperties.NONE;
        }
        List<MessageProperties.UserProperty> user = new ArrayList<>();
        MqttProperties.MqttProperty<?> up = props.getProperty(MqttPropertyType.USER_PROPERTY.value());
        if (up instanceof MqttProperties.UserProperties ups) {
            for (MqttProperties.StringPair pair : ups.value()) {
                user.add(new MessageProperties.UserProperty(pair.key, pair.value));
            }
        }
        MessageProperties mp = new MessageProperties(
                integer(props, MqttPropertyType.PAYLOAD_FORMAT_INDICATOR),
                string(props, MqttPropertyType.CONTENT_TYPE),
                string(props, MqttPropertyType.RESPONSE_TOPIC),
                binary(props, MqttPropertyType.CORRELATION_DATA),
                user);
        return mp.isEmpty() ? MessageProperties.NONE : mp;
    }

    /** Adds a message's pass-through properties to an outgoing PUBLISH. */
    public static void addMessageProperties(MqttProperties out, MessageProperties mp) {
        if (mp.payloadFormatIndicator() != null) {
            out.add(new MqttProperties.IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(),
                    mp.payloadFormatIndicator()));
        }
        if (mp.contentType() != null) {
            out.add(new MqttProperties.StringProperty(MqttPropertyType.CONTENT_TYPE.value(), mp.contentType()));
        }
        if (mp.responseTopic() != null) {
            out.add(new MqttProperties.StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(), mp.responseTopic()));
        }
        if (mp.correlationData() != null) {
            out.add(new MqttProperties.BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(),
                    mp.correlationData()));
        }
        if (!mp.userProperties().isEmpty()) {
            List<MqttProperties.StringPair> pairs = new ArrayList<>(mp.userProperties().size());
            for (MessageProperties.UserProperty u : mp.userProperties()) {
                pairs.add(new MqttProperties.StringPair(u.key(), u.value()));
            }
            out.add(new MqttProperties.UserProperties(pairs));
        }
    }

    public static void add(MqttProperties out, MqttPropertyType type, int value) {
        out.add(new MqttProperties.IntegerProperty(type.value(), value));
    }

    public static void add(MqttProperties out, MqttPropertyType type, String value) {
        out.add(new MqttProperties.StringProperty(type.value(), value));
    }

    public static void add(MqttProperties out, MqttPropertyType type, byte[] value) {
        out.add(new MqttProperties.BinaryProperty(type.value(), value));
    }
}

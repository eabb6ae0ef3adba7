package io.kin.broker.mqtt.publish;

import io.kin.broker.message.Message;
import io.kin.broker.mqtt.ClientInfo;
import io.kin.broker.mqtt.MqttConnection;
import io.kin.broker.mqtt.V5Properties;
import io.kin.broker.session.Delivery;
import io.kin.broker.session.Session;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * PUBLISH to a client and its acknowledgements (MQTT 3.3, 4.3): per-hop properties (remaining message expiry,
 * subscription identifiers, topic alias), the client's Maximum Packet Size, and PUBACK / PUBREC / PUBCOMP handed to
 * the session's in-flight window.
 *
 * <p>{@link #send} is called with the session's lock held, which also guards the alias table.
 */
public final class OutboundPublishes {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OutboundPublishes.class);

    private final MqttConnection connection;
    private final Map<String, Integer> topicAliases = new HashMap<>();

    public OutboundPublishes(MqttConnection connection) {
        this.connection = connection;
    }

    public boolean send(Delivery d, int packetId, boolean dup) {
        ClientInfo client = connection.client();
        Message m = d.message();
        String topic = m.topic();
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        int propertyBytes = 0;
        int newAlias = 0;
        if (client.isV5()) {
            props = new MqttProperties();
            V5Properties.addMessageProperties(props, m.properties());
            if (m.expiresAt() > 0) {
                V5Properties.add(props, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL,
                        (int) m.remainingExpirySeconds(System.currentTimeMillis()));
            }
            for (int id : d.subscriptionIds()) {
                props.add(new MqttProperties.IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), id));
            }
            propertyBytes = estimatePropertyBytes(m, d);
            if (client.topicAliasMaximum() > 0) {
                Integer alias = topicAliases.get(topic);
                if (alias != null) {
                    V5Properties.add(props, MqttPropertyType.TOPIC_ALIAS, alias);
                    topic = "";
                } else if (topicAliases.size() < client.topicAliasMaximum()) {
                    newAlias = topicAliases.size() + 1; // recorded only once this PUBLISH really goes out
                    V5Properties.add(props, MqttPropertyType.TOPIC_ALIAS, newAlias);
                }
                propertyBytes += 3;
            }
        }
        long size = 5L + 2 + topic.length() * 3L + (d.qos() > 0 ? 2 : 0) + propertyBytes + 4 + m.payload().length;
        if (size > client.maximumPacketSize() && exactSize(topic, d, propertyBytes, m) > client.maximumPacketSize()) {
            return false;
        }
        if (newAlias > 0) {
            topicAliases.put(topic, newAlias);
        }
        MqttFixedHeader fixed = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(d.qos()),
                d.retain(), 0);
        connection.send(new MqttPublishMessage(fixed, new MqttPublishVariableHeader(topic, d.qos() > 0 ? packetId : 0,
                props), Unpooled.wrappedBuffer(m.payload())));
        return true;
    }

    private static long exactSize(String topic, Delivery d, int propertyBytes, Message m) {
        long remaining = 2 + topic.getBytes(StandardCharsets.UTF_8).length + (d.qos() > 0 ? 2 : 0)
                + propertyBytes + varIntSize(propertyBytes) + m.payload().length;
        return 1 + varIntSize(remaining) + remaining;
    }

    private static int varIntSize(long v) {
        return v < 128 ? 1 : v < 16_384 ? 2 : v < 2_097_152 ? 3 : 4;
    }

    private static int estimatePropertyBytes(Message m, Delivery d) {
        int n = 0;
        var p = m.properties();
        if (p.payloadFormatIndicator() != null) {
            n += 2;
        }
        if (p.contentType() != null) {
            n += 3 + p.contentType().getBytes(StandardCharsets.UTF_8).length;
        }
        if (p.responseTopic() != null) {
            n += 3 + p.responseTopic().getBytes(StandardCharsets.UTF_8).length;
        }
        if (p.correlationData() != null) {
            n += 3 + p.correlationData().length;
        }
        for (var u : p.userProperties()) {
            n += 5 + u.key().getBytes(StandardCharsets.UTF_8).length + u.value().getBytes(StandardCharsets.UTF_8).length;
        }
        if (m.expiresAt() > 0) {
            n += 5;
        }
        n += d.subscriptionIds().length * 5;
        return n;
    }

    public void puback(int packetId) {
        Session s = connection.session();
        if (!s.puback(packetId) && connection.client().isV5()) {
            // a PUBACK for nothing we sent: harmless, but a v5 peer that does this is confused
            LOG.debugf("%s acknowledged unknown packet id %d", connection, packetId);
        }
    }

    public void pubrec(int packetId, int reasonCode) {
        Session s = connection.session();
        if (!s.pubrec(packetId, reasonCode >= 0x80)) {
            // [MQTT-4.3.3] answer with PUBREL 0x92 (packet identifier not found) so the client can finish
            if (connection.client().isV5()) {
                connection.send(new io.netty.handler.codec.mqtt.MqttMessage(
                        new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                        new io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader(packetId, (byte) 0x92,
                                MqttProperties.NO_PROPERTIES)));
            } else {
                connection.sendPubrel(packetId);
            }
        }
    }

    public void pubcomp(int packetId) {
        Session s = connection.session();
        if (!s.pubcomp(packetId) && connection.client().isV5()) {
            LOG.debugf("%s completed unknown packet id %d", connection, packetId);
        }
    }
}

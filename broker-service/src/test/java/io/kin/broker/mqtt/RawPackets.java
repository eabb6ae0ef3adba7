package io.kin.broker.mqtt;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Building and reading the packets the conformance tests send and check with {@link RawMqttClient}. */
final class RawPackets {

    static final Duration WAIT = Duration.ofSeconds(5);

    private RawPackets() {
    }

    /** Connects, waits for CONNACK and checks that it accepted the connection. */
    static RawMqttClient connected(int port, MqttVersion version, String clientId, boolean cleanStart,
                                   MqttProperties props) throws Exception {
        RawMqttClient raw = RawMqttClient.connect(port, version, clientId, cleanStart, 60, props);
        MqttConnAckMessage ack = (MqttConnAckMessage) raw.receive(MqttMessageType.CONNACK, WAIT);
        assertThat(ack).as("CONNACK for %s", clientId).isNotNull();
        assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        return raw;
    }

    /** A CONNECT packet around a hand-written variable header and payload (fixed header 0x10, length varint). */
    static byte[] connectPacket(byte[] body) {
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        packet.write(0x10);
        int length = body.length;
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body);
        return packet.toByteArray();
    }

    /**
     * An MQTT 3.1.1 CONNECT (clean session, keep alive 60) followed at once by a SUBSCRIBE (packet id 1, QoS 0), as
     * one write: the answer is CONNACK {@code 20 02 00 00} then SUBACK {@code 90 03 00 01 00}.
     */
    static byte[] connectThenSubscribe(String clientId, String filter) {
        java.io.ByteArrayOutputStream connect = new java.io.ByteArrayOutputStream();
        connect.writeBytes(lengthPrefixed("MQTT"));
        connect.writeBytes(new byte[]{4, 0x02, 0, 60});
        connect.writeBytes(lengthPrefixed(clientId));
        java.io.ByteArrayOutputStream subscribe = new java.io.ByteArrayOutputStream();
        subscribe.writeBytes(new byte[]{0, 1});
        subscribe.writeBytes(lengthPrefixed(filter));
        subscribe.write(0);
        byte[] sub = subscribe.toByteArray();
        java.io.ByteArrayOutputStream both = new java.io.ByteArrayOutputStream();
        both.writeBytes(connectPacket(connect.toByteArray()));
        both.write(0x82);
        both.write(sub.length);
        both.writeBytes(sub);
        return both.toByteArray();
    }

    private static byte[] lengthPrefixed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[b.length + 2];
        out[0] = (byte) (b.length >> 8);
        out[1] = (byte) b.length;
        System.arraycopy(b, 0, out, 2, b.length);
        return out;
    }

    /** Reads exactly {@code n} bytes, or fails the test if the broker closes first. */
    static byte[] readExactly(java.io.InputStream in, int n) throws IOException {
        byte[] out = new byte[n];
        int read = 0;
        while (read < n) {
            int got = in.read(out, read, n - read);
            assertThat(got).as("the broker answered instead of closing (%d of %d bytes)", read, n).isPositive();
            read += got;
        }
        return out;
    }

    /** The bytes Netty's encoder writes for a packet on a connection of that version. */
    static byte[] encode(MqttVersion version, MqttMessage packet) {
        io.netty.channel.embedded.EmbeddedChannel encoder =
                new io.netty.channel.embedded.EmbeddedChannel(io.netty.handler.codec.mqtt.MqttEncoder.INSTANCE);
        encoder.attr(io.netty.util.AttributeKey.<MqttVersion>valueOf("NETTY_CODEC_MQTT_VERSION")).set(version);
        encoder.writeOutbound(packet);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        io.netty.buffer.ByteBuf b;
        while ((b = encoder.readOutbound()) != null) {
            out.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out.toByteArray();
    }

    /**
     * A copy of an encoded packet in which the one occurrence of {@code marker} (ASCII) is replaced by {@code bytes}
     * of the same length: how the tests put ill-formed UTF-8 where a library would never write it.
     */
    static byte[] patched(byte[] packet, String marker, byte[] bytes) {
        byte[] m = marker.getBytes(StandardCharsets.US_ASCII);
        assertThat(bytes).as("replacement of the same length").hasSize(m.length);
        int found = -1;
        for (int i = 0; i + m.length <= packet.length; i++) {
            if (java.util.Arrays.equals(packet, i, i + m.length, m, 0, m.length)) {
                assertThat(found).as("marker %s occurs once", marker).isEqualTo(-1);
                found = i;
            }
        }
        assertThat(found).as("marker %s found", marker).isNotNegative();
        byte[] copy = packet.clone();
        System.arraycopy(bytes, 0, copy, found, bytes.length);
        return copy;
    }

    static MqttProperties props(Object... typeValuePairs) {
        MqttProperties p = new MqttProperties();
        for (int i = 0; i < typeValuePairs.length; i += 2) {
            MqttPropertyType type = (MqttPropertyType) typeValuePairs[i];
            Object v = typeValuePairs[i + 1];
            if (v instanceof Integer n) {
                p.add(new MqttProperties.IntegerProperty(type.value(), n));
            } else if (v instanceof String s) {
                p.add(new MqttProperties.StringProperty(type.value(), s));
            } else {
                p.add(new MqttProperties.BinaryProperty(type.value(), (byte[]) v));
            }
        }
        return p;
    }

    static MqttPublishMessage publish(String topic, int qos, boolean dup, int packetId, MqttProperties props,
                                      byte[] payload) {
        return new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, qos > 0 ? packetId : 0,
                        props == null ? MqttProperties.NO_PROPERTIES : props),
                Unpooled.wrappedBuffer(payload));
    }

    static MqttPublishMessage publish(String topic, int qos, int packetId, String payload) {
        return publish(topic, qos, false, packetId, null, payload.getBytes(StandardCharsets.UTF_8));
    }

    static MqttMessage puback(int packetId) {
        return MqttMessageBuilders.pubAck().packetId(packetId).build();
    }

    static MqttMessage pubrec(int packetId) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREC, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) 0, MqttProperties.NO_PROPERTIES));
    }

    static MqttMessage pubrel(int packetId) {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) 0, MqttProperties.NO_PROPERTIES));
    }

    static MqttMessage subscribe(int packetId, MqttProperties props, String filter, MqttSubscriptionOption option) {
        return MqttMessageBuilders.subscribe().messageId(packetId)
                .properties(props == null ? MqttProperties.NO_PROPERTIES : props)
                .addSubscription(filter, option).build();
    }

    static MqttSubscriptionOption qos(int qos) {
        return MqttSubscriptionOption.onlyFromQos(MqttQoS.valueOf(qos));
    }

    /** Subscribes and waits for the SUBACK; returns its reason codes. */
    static List<Integer> subscribeAndAwait(RawMqttClient raw, int packetId, String filter, int qos) throws Exception {
        raw.send(subscribe(packetId, null, filter, qos(qos)));
        return subAckCodes(raw.receive(MqttMessageType.SUBACK, WAIT));
    }

    static List<Integer> subAckCodes(MqttMessage suback) {
        assertThat(suback).as("SUBACK").isNotNull();
        return ((MqttSubAckMessage) suback).payload().reasonCodes();
    }

    /** The reason code of a PUBACK / PUBREC / PUBREL / PUBCOMP (0 when the packet carried none). */
    static int replyReason(MqttMessage m) {
        assertThat(m).as("acknowledgement").isNotNull();
        return m.variableHeader() instanceof MqttPubReplyMessageVariableHeader h ? h.reasonCode() & 0xff : 0;
    }

    static int replyPacketId(MqttMessage m) {
        return MqttConnection.packetId(m);
    }

    static int disconnectReason(MqttMessage m) {
        assertThat(m).as("DISCONNECT").isNotNull();
        return ((MqttReasonCodeAndPropertiesVariableHeader) m.variableHeader()).reasonCode() & 0xff;
    }

    static String payload(MqttPublishMessage m) {
        return new String(ByteBufUtil.getBytes(m.payload()), StandardCharsets.UTF_8);
    }

    static Integer intProperty(MqttPublishMessage m, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> p = m.variableHeader().properties().getProperty(type.value());
        return p == null ? null : (Integer) p.value();
    }

    static List<Integer> subscriptionIds(MqttPublishMessage m) {
        List<Integer> ids = new ArrayList<>();
        for (MqttProperties.MqttProperty<?> p : m.variableHeader().properties()
                .getProperties(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value())) {
            ids.add((Integer) p.value());
        }
        return ids;
    }

    static MqttPublishMessage nextPublish(RawMqttClient raw, Duration timeout) throws InterruptedException {
        return (MqttPublishMessage) raw.receive(MqttMessageType.PUBLISH, timeout);
    }
}

package io.kin.broker.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttVersion;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The raw-byte UTF-8 check of {@link PacketStrings}, against the JDK's strict decoder and per packet layout. */
class PacketStringsTest {

    @Test
    void agreesWithTheStrictJdkDecoderOnEveryOneAndTwoByteSequence() {
        for (int a = 0; a < 256; a++) {
            assertAgrees(new byte[]{(byte) a});
            for (int b = 0; b < 256; b++) {
                assertAgrees(new byte[]{(byte) a, (byte) b});
            }
        }
    }

    @Test
    void agreesWithTheStrictJdkDecoderOnThreeAndFourByteSequences() {
        for (int lead = 0xE0; lead <= 0xF7; lead++) {
            for (int second = 0x70; second <= 0xC5; second++) {
                for (int third : new int[]{0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0}) {
                    assertAgrees(new byte[]{(byte) lead, (byte) second, (byte) third});
                    assertAgrees(new byte[]{(byte) lead, (byte) second, (byte) third, (byte) 0x80});
                    assertAgrees(new byte[]{(byte) lead, (byte) second, (byte) third, 'a'});
                }
            }
        }
    }

    @Test
    void knownEdgeCases() {
        assertThat(wellFormed(0xEF, 0xBB, 0xBF)).as("U+FEFF is an ordinary character [MQTT-1.5.4-3]").isTrue();
        assertThat(wellFormed(0xF4, 0x8F, 0xBF, 0xBF)).as("U+10FFFF").isTrue();
        assertThat(wellFormed(0xED, 0x9F, 0xBF)).as("U+D7FF").isTrue();
        assertThat(wellFormed(0xED, 0xA0, 0x80)).as("U+D800 surrogate").isFalse();
        assertThat(wellFormed(0xF4, 0x90, 0x80, 0x80)).as("above U+10FFFF").isFalse();
        assertThat(wellFormed(0xC0, 0x80)).as("overlong U+0000").isFalse();
        assertThat(wellFormed('a', 0x00)).as("U+0000 [MQTT-1.5.4-2]").isFalse();
        assertThat(wellFormed(0xE2, 0x82)).as("truncated").isFalse();
    }

    @Test
    void checksEveryStringPropertyOfAPublish() {
        for (MqttPropertyType type : new MqttPropertyType[]{MqttPropertyType.CONTENT_TYPE,
                MqttPropertyType.RESPONSE_TOPIC}) {
            MqttProperties props = RawPackets.props(MqttPropertyType.CORRELATION_DATA, new byte[]{(byte) 0xFF},
                    MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL, 10, type, "x/" + "BAD!");
            assertThat(verdict(RawPackets.publish("t", 1, false, 7, props, new byte[]{(byte) 0xFF}), "BAD!"))
                    .as("%s", type).isEqualTo(PacketStrings.Verdict.ILL_FORMED_UTF8);
        }
        MqttProperties user = new MqttProperties();
        user.add(new MqttProperties.UserProperty("BAD!", "v"));
        assertThat(verdict(RawPackets.publish("t", 0, false, 0, user, new byte[0]), "BAD!"))
                .isEqualTo(PacketStrings.Verdict.ILL_FORMED_UTF8);
    }

    @Test
    void binaryDataIsNotText() {
        // correlation data and the payload may hold any bytes
        MqttProperties props = RawPackets.props(MqttPropertyType.CORRELATION_DATA, new byte[]{(byte) 0xC3, 0x28});
        byte[] packet = RawPackets.encode(MqttVersion.MQTT_5,
                RawPackets.publish("t", 1, false, 7, props, new byte[]{(byte) 0xC3, 0x28, 0x00}));
        assertThat(check(packet, 5)).isEqualTo(PacketStrings.Verdict.OK);
    }

    @Test
    void wildcardsInATopicNameAreReported() {
        byte[] packet = RawPackets.encode(MqttVersion.MQTT_3_1_1, RawPackets.publish("a/#", 0, 0, "x"));
        assertThat(check(packet, 4)).isEqualTo(PacketStrings.Verdict.WILDCARD_IN_TOPIC_NAME);
    }

    @Test
    void theSameBytesInAnMqtt311PublishAreThePayload() {
        // MQTT 3.1.1 has no properties: what would be a property block is payload there
        MqttProperties props = RawPackets.props(MqttPropertyType.CONTENT_TYPE, "BAD!");
        byte[] v5 = RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5,
                RawPackets.publish("t", 0, false, 0, props, new byte[0])), "BAD!", new byte[]{'a', 0, 'b', 'c'});
        assertThat(check(v5, 5)).isEqualTo(PacketStrings.Verdict.ILL_FORMED_UTF8);
        assertThat(check(v5, 4)).isEqualTo(PacketStrings.Verdict.OK);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static PacketStrings.Verdict verdict(MqttMessage packet, String marker) {
        byte[] bytes = RawPackets.patched(RawPackets.encode(MqttVersion.MQTT_5, packet), marker,
                new byte[]{'a', (byte) 0xC3, 0x28, 'b'});
        return check(bytes, 5);
    }

    /** Runs the check on a whole encoded packet with a one-byte remaining length. */
    private static PacketStrings.Verdict check(byte[] packet, int level) {
        assertThat(packet[1] & 0x80).as("short packet").isZero();
        ByteBuf buf = Unpooled.wrappedBuffer(packet);
        return PacketStrings.check(buf, (packet[0] & 0xFF) >> 4, packet[0] & 0x0F, level, 2, packet.length);
    }

    private static boolean wellFormed(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return PacketStrings.wellFormed(Unpooled.wrappedBuffer(b), 0, b.length);
    }

    private static void assertAgrees(byte[] bytes) {
        boolean jdk;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            jdk = true;
        } catch (CharacterCodingException e) {
            jdk = false;
        }
        boolean noNul = true;
        for (byte x : bytes) {
            noNul &= x != 0;
        }
        assertThat(PacketStrings.wellFormed(Unpooled.wrappedBuffer(bytes), 0, bytes.length))
                .as("%s", java.util.HexFormat.ofDelimiter(" ").formatHex(bytes)).isEqualTo(jdk && noNul);
    }
}

package io.kin.broker.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MqttFramerTest {

    private static byte[] publishBytes(String topic, int packetId, int payloadSize) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(MqttMessageBuilders.publish().topicName(topic).qos(MqttQoS.AT_LEAST_ONCE)
                .messageId(packetId).payload(Unpooled.wrappedBuffer(new byte[payloadSize])).build());
        ByteBuf out = encoder.readOutbound();
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        out.release();
        return bytes;
    }

    @Test
    void packetsSplitAnywhereAcrossReadsDecodeWhole() {
        // two publishes, fed one byte at a time: every split point, including inside the variable header
        byte[] a = publishBytes("sensors/one", 1, 10);
        byte[] b = publishBytes("sensors/two", 2, 3);
        byte[] stream = new byte[a.length + b.length];
        System.arraycopy(a, 0, stream, 0, a.length);
        System.arraycopy(b, 0, stream, a.length, b.length);
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFramer(1024), new MqttDecoder(1024, 65535));
        for (byte x : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{x}));
        }
        List<String> topics = new ArrayList<>();
        Object m;
        while ((m = channel.readInbound()) != null) {
            MqttPublishMessage p = (MqttPublishMessage) m;
            assertThat(p.decoderResult().isSuccess()).isTrue();
            topics.add(p.variableHeader().topicName());
            p.release();
        }
        assertThat(topics).containsExactly("sensors/one", "sensors/two");
    }

    @Test
    void aBurstLargerThanTheLimitOfSmallPacketsIsNotMistakenForOneLargePacket() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFramer(64), new MqttDecoder(64, 65535));
        byte[] one = publishBytes("t", 1, 20);
        ByteBuf burst = Unpooled.buffer();
        for (int i = 0; i < 50; i++) {
            burst.writeBytes(one);
        }
        // cut the burst inside a variable header, as TCP may
        channel.writeInbound(burst.readRetainedSlice(one.length * 10 + 3));
        channel.writeInbound(burst);
        int decoded = 0;
        Object m;
        while ((m = channel.readInbound()) != null) {
            assertThat(((MqttPublishMessage) m).decoderResult().isSuccess()).isTrue();
            ((MqttPublishMessage) m).release();
            decoded++;
        }
        assertThat(decoded).isEqualTo(50);
    }

    @Test
    void aPacketOverTheLimitBecomesAMarkerAndTheRestIsDiscarded() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFramer(100));
        channel.writeInbound(Unpooled.wrappedBuffer(publishBytes("big", 1, 200)));
        channel.writeInbound(Unpooled.wrappedBuffer(publishBytes("small", 2, 1)));
        Object marker = channel.readInbound();
        assertThat(marker).isInstanceOf(MqttFramer.PacketTooLarge.class);
        assertThat(((MqttFramer.PacketTooLarge) marker).size()).isGreaterThan(100);
        assertThat((Object) channel.readInbound()).as("nothing after it").isNull();
    }

    @Test
    void aFifthRemainingLengthByteIsMalformed() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFramer(1 << 20));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF, 0x01}));
        assertThat((Object) channel.readInbound()).isInstanceOf(MqttFramer.MalformedLength.class);
    }

    @Test
    void aConnectWithIllFormedUtf8BecomesAMarkerWithItsProtocolLevelAndTheRestIsDiscarded() {
        byte[] connect = RawPackets.patched(RawPackets.encode(io.netty.handler.codec.mqtt.MqttVersion.MQTT_5,
                MqttMessageBuilders.connect().protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_5)
                        .clientId("idBAD!").build()), "BAD!", new byte[]{'a', (byte) 0xC3, 0x28, 'b'});
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFramer(1024));
        channel.writeInbound(Unpooled.wrappedBuffer(connect));
        channel.writeInbound(Unpooled.wrappedBuffer(publishBytes("after", 1, 1)));
        Object marker = channel.readInbound();
        assertThat(marker).isEqualTo(new MqttFramer.MalformedUtf8(1, 5));
        assertThat((Object) channel.readInbound()).as("nothing after it").isNull();
    }

    @Test
    void aPublishWithAWildcardBecomesATopicNameMarker() {
        EmbeddedChannel channel = new EmbeddedChannel(new MqttFramer(1024));
        channel.writeInbound(Unpooled.wrappedBuffer(publishBytes("a/+/b", 1, 1)));
        assertThat((Object) channel.readInbound()).isInstanceOf(MqttFramer.WildcardInTopicName.class);
    }

    @Test
    void wholePacketSizeCountsTheFixedHeader() {
        byte[] p = publishBytes("x", 1, 10);
        EmbeddedChannel exact = new EmbeddedChannel(new MqttFramer(p.length));
        exact.writeInbound(Unpooled.wrappedBuffer(p));
        assertThat((Object) exact.readInbound()).isInstanceOf(ByteBuf.class);
        EmbeddedChannel oneShort = new EmbeddedChannel(new MqttFramer(p.length - 1));
        oneShort.writeInbound(Unpooled.wrappedBuffer(p));
        assertThat((Object) oneShort.readInbound()).isInstanceOf(MqttFramer.PacketTooLarge.class);
        assertThat(new String(p, 4, 1, StandardCharsets.UTF_8)).isEqualTo("x");
    }
}

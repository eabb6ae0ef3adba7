package io.kin.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Encoding one message as PUBLISH packets for 100 subscribers, the way the broker does it: one packet object per
 * subscriber around the shared payload bytes, encoded by Netty's MQTT encoder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PublishEncodeBenchmark {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    @Param({"64", "1024"})
    int payloadSize;

    @Param({"4", "5"})
    int mqttVersion;

    byte[] payload;
    EmbeddedChannel channel;

    @Setup(Level.Trial)
    public void setUp() {
        payload = new byte[payloadSize];
        channel = new EmbeddedChannel(MqttEncoder.INSTANCE);
        channel.attr(VERSION).set(mqttVersion == 5 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1);
    }

    @Benchmark
    public long encodeForHundredSubscribers() {
        long bytes = 0;
        for (int i = 0; i < 100; i++) {
            MqttProperties props = MqttProperties.NO_PROPERTIES;
            if (mqttVersion == 5) {
                props = new MqttProperties();
                props.add(new MqttProperties.IntegerProperty(
                        MqttProperties.MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), i + 1));
            }
            MqttPublishMessage m = new MqttPublishMessage(
                    new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                    new MqttPublishVariableHeader("tenant/1/site/2/device/3/telemetry", i + 1, props),
                    Unpooled.wrappedBuffer(payload));
            channel.writeOutbound(m);
            ByteBuf out = channel.readOutbound();
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }
}

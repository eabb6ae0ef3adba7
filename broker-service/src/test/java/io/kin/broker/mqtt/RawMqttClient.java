package io.kin.broker.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A packet-level MQTT client over a plain socket, for what library clients refuse to do: malformed and oversize
 * packets, packets out of order, resent QoS 2 publishes, topic aliases, raw reason codes. Encoding and decoding use
 * Netty's MQTT codec in embedded channels.
 */
public final class RawMqttClient implements AutoCloseable {

    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final Socket socket;
    private final OutputStream out;
    private final EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(16 * 1024 * 1024));
    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private RawMqttClient(Socket socket, MqttVersion version) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        encoder.attr(VERSION).set(version);
        decoder.attr(VERSION).set(version);
        Thread reader = new Thread(this::read, "raw-mqtt-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static RawMqttClient open(int port, MqttVersion version) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setTcpNoDelay(true);
        return new RawMqttClient(s, version);
    }

    /** Opens a socket and sends CONNECT; does not wait for CONNACK. */
    public static RawMqttClient connect(int port, MqttVersion version, String clientId, boolean cleanStart,
                                        int keepAlive, MqttProperties properties) throws IOException {
        RawMqttClient c = open(port, version);
        c.send(MqttMessageBuilders.connect().protocolVersion(version).clientId(clientId).cleanSession(cleanStart)
                .keepAlive(keepAlive).properties(properties == null ? MqttProperties.NO_PROPERTIES : properties)
                .build());
        return c;
    }

    private void read() {
        byte[] buf = new byte[8192];
        try (InputStream in = socket.getInputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                synchronized (decoder) {
                    decoder.writeInbound(Unpooled.copiedBuffer(buf, 0, n));
                    Object m;
                    while ((m = decoder.readInbound()) != null) {
                        received.add((MqttMessage) m);
                    }
                }
            }
        } catch (IOException e) {
            // closed by either side
        } finally {
            closed.countDown();
        }
    }

    public synchronized void send(MqttMessage message) throws IOException {
        encoder.writeOutbound(message);
        ByteBuf bytes;
        while ((bytes = encoder.readOutbound()) != null) {
            byte[] b = new byte[bytes.readableBytes()];
            bytes.readBytes(b);
            bytes.release();
            out.write(b);
        }
        out.flush();
    }

    public synchronized void sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next packet, or null when none arrives in time. */
    public MqttMessage receive(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next packet of a type, skipping others; null when none arrives in time. */
    public MqttMessage receive(MqttMessageType type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            MqttMessage m = received.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && m.fixedHeader().messageType() == type) {
                return m;
            }
            ReferenceCountUtil.release(m);
        }
    }

    /** Whether the server closed the connection within the timeout. */
    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

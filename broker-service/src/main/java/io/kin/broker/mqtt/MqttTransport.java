package io.kin.broker.mqtt;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.List;

/**
 * Builds the Netty pipeline of an MQTT connection on a Vert.x socket: optional WebSocket framing, then Netty's MQTT
 * codec (the codec Vert.x MQTT is built on). We own the pipeline instead of using Vert.x's {@code MqttServer}
 * because that server cannot receive AUTH packets (enhanced authentication), cannot answer a malformed or oversize
 * packet with a DISCONNECT reason code, and drops a username sent without a password.
 */
final class MqttTransport {

    static final String HANDLER = "handler"; // Vert.x's own handler, last in the pipeline
    static final String DECODER = "mqttDecoder";
    static final String CONNECT_TIMEOUT = "connectTimeout";
    static final String KEEP_ALIVE = "keepAlive";
    static final String WS_PATH = "/mqtt";
    static final String WS_SUBPROTOCOLS = "mqtt,mqttv3.1,mqttv3.1.1";

    private MqttTransport() {
    }

    static void init(ChannelPipeline pipeline, boolean webSocket, int maxPacketSize, int connectTimeoutSeconds) {
        if (webSocket) {
            pipeline.addBefore(HANDLER, "httpServerCodec", new HttpServerCodec());
            pipeline.addBefore(HANDLER, "httpAggregator", new HttpObjectAggregator(64 * 1024));
            pipeline.addBefore(HANDLER, "webSocket",
                    new WebSocketServerProtocolHandler(WS_PATH, WS_SUBPROTOCOLS, true, maxPacketSize + 8));
            pipeline.addBefore(HANDLER, "wsToBytes", new WebSocketFrameToBytes());
            pipeline.addBefore(HANDLER, "bytesToWs", new BytesToWebSocketFrame());
        }
        pipeline.addBefore(HANDLER, "mqttEncoder", MqttEncoder.INSTANCE);
        pipeline.addBefore(HANDLER, "mqttFramer", new MqttFramer(maxPacketSize));
        // client id length is checked by the CONNECT handler, which can answer with the version's reason code
        pipeline.addBefore(HANDLER, DECODER, new MqttDecoder(maxPacketSize, 65535));
        // a socket that never sends CONNECT is closed [MQTT-3.1.4-1 allows a reasonable time]
        pipeline.addBefore(HANDLER, CONNECT_TIMEOUT, new IdleStateHandler(connectTimeoutSeconds, 0, 0));
        pipeline.addBefore(HANDLER, "idleCloser", new IdleCloser());
    }

    /** Replaces the CONNECT timeout by the keep-alive timeout: 1.5 times the keep alive [MQTT-3.1.2-24]. */
    static void keepAlive(ChannelPipeline pipeline, int keepAliveSeconds) {
        if (pipeline.get(CONNECT_TIMEOUT) != null) {
            pipeline.remove(CONNECT_TIMEOUT);
        }
        if (keepAliveSeconds > 0) {
            long timeoutMillis = keepAliveSeconds * 1500L;
            pipeline.addBefore("idleCloser", KEEP_ALIVE,
                    new IdleStateHandler(timeoutMillis, 0, 0, java.util.concurrent.TimeUnit.MILLISECONDS));
        }
    }

    /** Turns a reader-idle event into a close; the connection's close handler does the rest (will, session). */
    static final class IdleCloser extends ChannelDuplexHandler {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.fireUserEventTriggered(KeepAliveExpired.INSTANCE);
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }

    /** Signals to the connection that the close is a keep-alive timeout. */
    enum KeepAliveExpired { INSTANCE }

    static final class WebSocketFrameToBytes extends MessageToMessageDecoder<BinaryWebSocketFrame> {
        @Override
        protected void decode(ChannelHandlerContext ctx, BinaryWebSocketFrame frame, List<Object> out) {
            out.add(frame.content().retain());
        }
    }

    static final class BytesToWebSocketFrame extends MessageToMessageEncoder<ByteBuf> {
        @Override
        protected void encode(ChannelHandlerContext ctx, ByteBuf bytes, List<Object> out) {
            out.add(new BinaryWebSocketFrame(bytes.retain()));
        }
    }
}

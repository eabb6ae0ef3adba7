package io.kin.broker.mqtt;

import io.kin.broker.events.BrokerEvent;
import io.kin.broker.mqtt.connect.ConnectHandler;
import io.kin.broker.mqtt.connect.Will;
import io.kin.broker.mqtt.publish.InboundPublishes;
import io.kin.broker.mqtt.publish.OutboundPublishes;
import io.kin.broker.mqtt.publish.PublisherPause;
import io.kin.broker.mqtt.subscribe.SubscriptionHandler;
import io.kin.broker.session.Delivery;
import io.kin.broker.session.Session;
import io.kin.broker.session.SessionConnection;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.NetSocketInternal;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection: the packet state machine (awaiting CONNECT, authenticating, connected, closed), the
 * outgoing packet queue, and what its session needs from it. Each packet type is handled by a class of its own;
 * this class only dispatches and keeps the per-connection facts they share.
 *
 * <p>Incoming packets arrive on the connection's event loop. Outgoing packets may be queued from any thread (a
 * message routed by another connection's event loop); they are written in order by one task on this connection's
 * event loop, with one flush per batch.
 */
public final class MqttConnection implements SessionConnection {

    private static final Logger LOG = Logger.getLogger(MqttConnection.class);
    /** Set once CONNECT says MQTT 5, so errors before CONNACK can use MQTT 5 reason codes. */
    private static final io.netty.util.AttributeKey<Boolean> V5_HINT = io.netty.util.AttributeKey.valueOf("kin.v5");
    /** Where Netty's decoder keeps the protocol version it read from CONNECT (set before the rest is decoded). */
    private static final io.netty.util.AttributeKey<MqttVersion> NETTY_MQTT_VERSION =
            io.netty.util.AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    enum State { AWAITING_CONNECT, AUTHENTICATING, CONNECTED, CLOSED }

    private final MqttConnections broker;
    private final NetSocketInternal socket;
    private final ChannelHandlerContext ctx;
    private final MqttListeners.Kind listener;
    /** Opened beyond the listener's connection limit: its CONNECT is refused (0x97). */
    private final boolean overLimit;
    /** The listener's CONNECT rate limit, or null. */
    private final ConnectRate connectRate;
    private final Queue<Object> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /** Estimated bytes of the PUBLISH packets in {@link #outbound}, not yet handed to the socket. */
    private final AtomicLong outboundBytes = new AtomicLong();
    /** Unsent bytes beyond which QoS 0 messages to this client are dropped (kin.mqtt.write-buffer-bytes). */
    private final long overfullBytes;
    /** How long this client may stay unwritable before it no longer holds publishers back (0 = never). */
    private final long stallNanos;
    /** System.nanoTime() when the socket stopped being writable; 0 while it is writable. */
    private volatile long unwritableSince;
    /** Publishers waiting for this connection to become writable again (QoS 0 back-pressure). */
    private final Queue<Runnable> writableWaiters = new ConcurrentLinkedQueue<>();
    /** This connection as a publisher: stops reading while a subscriber it feeds is not writable. */
    private final PublisherPause publisherPause;

    private final ConnectHandler connectHandler;
    private final InboundPublishes inboundPublishes;
    private final OutboundPublishes outboundPublishes;
    private final SubscriptionHandler subscriptions;

    private volatile State state = State.AWAITING_CONNECT;
    /** A last packet was sent and the socket is closing: ignore what the client still sends. */
    private volatile boolean closing;
    private volatile ClientInfo client;
    private volatile Session session;
    private Will will;
    private volatile boolean sendWill = true;
    private volatile boolean takenOver;
    private volatile boolean takeoverKeepsSession;
    /** CONNECT carried an Authentication Method: only AUTH or DISCONNECT may follow before CONNACK. */
    private boolean enhancedAuth;
    /** Packets that came after CONNECT while it was being authenticated; event loop only. */
    private ArrayDeque<MqttMessage> held;
    private static final int MAX_HELD_PACKETS = 64;
    private String closeReason = "connection lost";
    /**
     * Non-null while reading is paused for slow subscribers: packets that were already read then wait here in
     * order (at most one socket read's worth); event loop only.
     */
    private ArrayDeque<Object> pausedBacklog;

    MqttConnection(MqttConnections broker, MqttListeners.Kind listener, NetSocketInternal socket, Runnable onClose,
                   boolean overLimit, ConnectRate connectRate) {
        this.broker = broker;
        this.overLimit = overLimit;
        this.connectRate = connectRate;
        this.socket = socket;
        this.ctx = socket.channelHandlerContext();
        this.listener = listener;
        this.connectHandler = new ConnectHandler(this, broker.services());
        this.inboundPublishes = new InboundPublishes(this, broker.services());
        this.outboundPublishes = new OutboundPublishes(this);
        this.subscriptions = new SubscriptionHandler(this, broker.services());
        var mqttConfig = broker.services().config().mqtt();
        this.overfullBytes = mqttConfig.writeBufferBytes();
        this.stallNanos = TimeUnit.MILLISECONDS.toNanos(mqttConfig.slowSubscriberPauseMillis());
        this.publisherPause = new PublisherPause(new PublisherPause.Reading() {
            @Override
            public void pause() {
                pauseForSubscribers();
            }

            @Override
            public void resume() {
                resumeForSubscribers();
            }
        }, ctx.executor(), (task, millis) -> {
            var scheduled = ctx.executor().schedule(task, millis, TimeUnit.MILLISECONDS);
            return () -> scheduled.cancel(false);
        }, mqttConfig.slowSubscriberPauseMillis());
        ctx.pipeline().addBefore(MqttTransport.HANDLER, "writability", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext c) {
                writabilityChanged();
                c.fireChannelWritabilityChanged();
            }
        });
        socket.messageHandler(this::handle);
        socket.eventHandler(this::handleEvent);
        socket.exceptionHandler(this::handleException);
        socket.closeHandler(v -> {
            onClose.run();
            handleClosed();
        });
    }

    // ---- incoming -------------------------------------------------------------------------------------------

    private void handle(Object msg) {
        if (pausedBacklog != null) {
            pausedBacklog.add(msg); // decoded from bytes read before the pause; handled when reading resumes
            return;
        }
        try {
            if (state == State.CLOSED || closing) {
                return;
            }
            if (msg instanceof MqttFramer.PacketTooLarge tooLarge) {
                LOG.debugf("%s sent a packet of %d bytes, more than %d", this, tooLarge.size(),
                        maxPacketSize());
                disconnect(MqttReasonCodes.Disconnect.PACKET_TOO_LARGE, "packet too large");
                return;
            }
            if (msg instanceof MqttFramer.MalformedUtf8 bad) {
                malformedUtf8(bad);
                return;
            }
            if (msg instanceof MqttFramer.WildcardInTopicName) {
                // [MQTT-3.3.2-2] a PUBLISH topic name must not contain wildcards: 0x90 (MQTT 3: close)
                disconnect(MqttReasonCodes.Disconnect.TOPIC_NAME_INVALID, "wildcard in the topic name");
                return;
            }
            if (!(msg instanceof MqttMessage packet)) {
                // MqttFramer.MalformedLength: a remaining length of more than four bytes [MQTT-1.5.5]
                LOG.debugf("unexpected message %s on %s", msg.getClass().getSimpleName(), this);
                disconnect(MqttReasonCodes.Disconnect.MALFORMED_PACKET, "malformed packet");
                return;
            }
            DecoderResult result = packet.decoderResult();
            if (result.isFailure()) {
                decodeFailed(result.cause());
                return;
            }
            dispatch(packet);
        } catch (ProtocolViolation v) {
            disconnect(v.reason(), v.getMessage());
        } catch (RuntimeException e) {
            LOG.warnf(e, "failure handling a packet from %s", this);
            disconnect(MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR, "internal error");
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void dispatch(MqttMessage packet) {
        MqttMessageType type = packet.fixedHeader().messageType();
        if (state == State.AWAITING_CONNECT) {
            if (type != MqttMessageType.CONNECT) {
                // [MQTT-3.1.0-1] the first packet must be CONNECT
                LOG.debugf("%s sent %s before CONNECT; closing", socket.remoteAddress(), type);
                close();
                return;
            }
            state = State.AUTHENTICATING;
            MqttConnectMessage connect = (MqttConnectMessage) packet;
            enhancedAuth = connect.variableHeader().properties()
                    .getProperty(MqttProperties.MqttPropertyType.AUTHENTICATION_METHOD.value()) != null;
            connectHandler.connect(connect);
            return;
        }
        if (state == State.AUTHENTICATING) {
            if (type == MqttMessageType.AUTH) {
                connectHandler.auth(packet);
            } else if (type == MqttMessageType.DISCONNECT) {
                close();
            } else if (!enhancedAuth) {
                holdUntilConnected(packet);
            } else {
                // [MQTT-3.1.2-30] with an Authentication Method only AUTH or DISCONNECT may come before CONNACK
                throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        type + " before the authentication completed");
            }
            return;
        }
        switch (type) {
            case PUBLISH -> inboundPublishes.publish((MqttPublishMessage) packet);
            case PUBREL -> inboundPublishes.release(packetId(packet));
            case PUBACK -> outboundPublishes.puback(packetId(packet));
            case PUBREC -> outboundPublishes.pubrec(packetId(packet), reasonCode(packet));
            case PUBCOMP -> outboundPublishes.pubcomp(packetId(packet));
            case SUBSCRIBE -> subscriptions.subscribe((MqttSubscribeMessage) packet);
            case UNSUBSCRIBE -> subscriptions.unsubscribe((MqttUnsubscribeMessage) packet);
            case PINGREQ -> send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false,
                    MqttQoS.AT_MOST_ONCE, false, 0)));
            case DISCONNECT -> clientDisconnected(packet);
            case AUTH -> connectHandler.reauthenticate(packet);
            case CONNECT -> throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "second CONNECT"); // [MQTT-3.1.0-2]
            default -> throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "unexpected " + type);
        }
    }

    static int packetId(MqttMessage packet) {
        Object header = packet.variableHeader();
        if (header instanceof MqttMessageIdVariableHeader id) {
            return id.messageId();
        }
        throw new ProtocolViolation(MqttReasonCodes.Disconnect.MALFORMED_PACKET, "missing packet identifier");
    }

    /** Size of the whole packet: fixed header byte, remaining length bytes, and the rest. */
    private static int reasonCode(MqttMessage packet) {
        return packet.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply
                ? reply.reasonCode() & 0xff : 0;
    }

    private void decodeFailed(Throwable cause) {
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            // [MQTT-3.1.2-2]: answer in the 3.1.1 format with 0x01 and close
            sendAndClose(MqttMessageBuilders.connAck()
                    .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION).build());
            return;
        }
        if (cause instanceof MqttIdentifierRejectedException && state == State.AWAITING_CONNECT) {
            sendAndClose(MqttMessageBuilders.connAck()
                    .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED).build());
            return;
        }
        if (state == State.AWAITING_CONNECT && ctx.channel().attr(NETTY_MQTT_VERSION).get() == MqttVersion.MQTT_5) {
            // a malformed MQTT 5 CONNECT (such as a non-zero reserved flag [MQTT-3.1.2-3]) whose protocol level
            // was read: CONNACK 0x81, then close [MQTT-3.1.4-1]; before MQTT 5 the socket just closes
            LOG.debugf("malformed CONNECT from %s: %s", socket.remoteAddress(), cause.toString());
            sendAndClose(MqttMessageBuilders.connAck()
                    .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET)
                    .properties(MqttProperties.NO_PROPERTIES).build());
            return;
        }
        if (cause instanceof TooLongFrameException) {
            LOG.debugf("%s sent a packet larger than %d bytes", this, maxPacketSize());
            disconnect(MqttReasonCodes.Disconnect.PACKET_TOO_LARGE, "packet too large");
            return;
        }
        LOG.debugf("malformed packet from %s: %s", this, cause.toString());
        disconnect(MqttReasonCodes.Disconnect.MALFORMED_PACKET, "malformed packet");
    }

    /**
     * Ill-formed UTF-8 (or U+0000) in a string is a Malformed Packet [MQTT-1.5.4-1/2]. On the CONNECT of an MQTT 5
     * client that is CONNACK 0x81, then close [MQTT-3.1.4-1]; MQTT 3 clients are closed without an answer
     * [MQTT-1.5.3-1]; later packets get DISCONNECT 0x81.
     */
    private void malformedUtf8(MqttFramer.MalformedUtf8 bad) {
        if (bad.packetType() == MqttMessageType.CONNECT.value() && state == State.AWAITING_CONNECT) {
            LOG.debugf("CONNECT from %s has an ill-formed UTF-8 string", socket.remoteAddress());
            if (bad.protocolLevel() == 5) {
                // the decoder never saw this CONNECT: tell the encoder to write an MQTT 5 CONNACK
                ctx.channel().attr(NETTY_MQTT_VERSION).set(MqttVersion.MQTT_5);
                sendAndClose(MqttMessageBuilders.connAck()
                        .returnCode(MqttConnectReturnCode.CONNECTION_REFUSED_MALFORMED_PACKET)
                        .properties(MqttProperties.NO_PROPERTIES).build());
            } else {
                close();
            }
            return;
        }
        disconnect(MqttReasonCodes.Disconnect.MALFORMED_PACKET, "ill-formed UTF-8 string");
    }

    private void clientDisconnected(MqttMessage packet) {
        int reason = 0;
        MqttProperties props = MqttProperties.NO_PROPERTIES;
        if (packet.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h) {
            reason = h.reasonCode() & 0xff;
            props = h.properties();
        }
        MqttProperties.MqttProperty<?> expiry = props.getProperty(MqttProperties.MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
        if (expiry != null && session != null) {
            long requested = Integer.toUnsignedLong((Integer) expiry.value());
            if (session.expiryIntervalSeconds() == 0 && requested != 0) {
                // [MQTT-3.14.2-2] a session that was to end on disconnect cannot be extended now
                throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "session expiry set on DISCONNECT after 0 at CONNECT");
            }
            session.expiryIntervalSeconds(Math.min(requested, broker.services().config().mqtt().maxSessionExpiry()));
        }
        // [MQTT-3.14.4-3] only a normal disconnect (0x00) discards the will; 0x04 and error codes publish it
        // [MQTT-3.1.2-8] [MQTT-3.1.2-10]
        sendWill = reason != 0x00;
        closeReason = reason == 0 ? "normal disconnect" : "client disconnect 0x" + Integer.toHexString(reason);
        close();
    }

    private void handleEvent(Object event) {
        if (event == MqttTransport.KeepAliveExpired.INSTANCE) {
            closeReason = state == State.AWAITING_CONNECT ? "no CONNECT in time" : "keep alive timeout";
        }
        ReferenceCountUtil.release(event);
    }

    private void handleException(Throwable t) {
        LOG.debugf("connection %s failed: %s", this, t.toString());
        close();
    }

    private void handleClosed() {
        State was = state;
        state = State.CLOSED;
        releaseHeldPackets();
        ArrayDeque<Object> backlog = pausedBacklog;
        pausedBacklog = null;
        if (backlog != null) {
            backlog.forEach(ReferenceCountUtil::release);
        }
        wakeWaiters(); // nobody waits for a client that left
        Session s = session;
        ClientInfo c = client;
        if (was != State.CONNECTED || s == null || c == null) {
            return;
        }
        MqttConnections.Services services = broker.services();
        boolean stillOwner = services.sessions().closed(s, this);
        if (will != null) {
            services.wills().disarmed(c.clientId());
        }
        if (will != null && sendWill) {
            if (!takenOver) {
                services.wills().connectionLost(c.clientId(), will, stillOwner ? s.expiryIntervalSeconds() : 0, s);
            } else if (!takeoverKeepsSession || will.delaySeconds() == 0) {
                // taken over: the new connection resumed the session in time for a delayed will [MQTT-3.1.2-8]
                services.wills().connectionLost(c.clientId(), will, 0);
            }
        }
        services.stats().clientDisconnected();
        broker.closed(this);
        services.events().emit(new BrokerEvent.ClientDisconnected(c.clientId(), c.username(), closeReason,
                System.currentTimeMillis()));
        LOG.debugf("client %s disconnected: %s", c.clientId(), closeReason);
    }

    // ---- outgoing -------------------------------------------------------------------------------------------

    /** Queues a packet for this connection; safe from any thread. */
    public void send(Object packet) {
        if (packet instanceof MqttPublishMessage publish) {
            outboundBytes.addAndGet(estimatedSize(publish));
        }
        outbound.offer(packet);
        if (drainScheduled.compareAndSet(false, true)) {
            ctx.executor().execute(this::drain);
        }
    }

    private static int estimatedSize(MqttPublishMessage publish) {
        return 16 + publish.variableHeader().topicName().length() + publish.payload().readableBytes();
    }

    private void drain() {
        drainScheduled.set(false);
        Object packet;
        boolean wrote = false;
        long bytes = 0;
        while ((packet = outbound.poll()) != null) {
            if (packet instanceof MqttPublishMessage publish) {
                bytes += estimatedSize(publish);
            }
            if (state == State.CLOSED) {
                ReferenceCountUtil.release(packet);
                continue;
            }
            ctx.write(packet, ctx.voidPromise());
            wrote = true;
        }
        if (bytes > 0) {
            outboundBytes.addAndGet(-bytes);
        }
        if (wrote) {
            ctx.flush();
        }
        if (!writableWaiters.isEmpty() && isWritable()) {
            wakeWaiters(); // they waited for this loop to catch up, not for the socket
        }
    }

    // ---- QoS 0 back-pressure (see PublisherFlow) ------------------------------------------------------------

    /** On this connection's event loop: the socket crossed its high (unwritable) or low (writable) water mark. */
    private void writabilityChanged() {
        if (ctx.channel().isWritable()) {
            unwritableSince = 0;
            if (isWritable()) {
                wakeWaiters(); // else the drain that is due wakes them
            }
        } else if (unwritableSince == 0) {
            unwritableSince = Math.max(1, System.nanoTime());
        }
    }

    private void wakeWaiters() {
        for (Runnable r; (r = writableWaiters.poll()) != null; ) {
            r.run();
        }
    }

    @Override
    public boolean isOverfull() {
        if (state == State.CLOSED) {
            return true;
        }
        ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
        long pending = outboundBytes.get() + (buffer == null ? 0 : buffer.totalPendingWriteBytes());
        if (pending >= overfullBytes) {
            return true;
        }
        long since = unwritableSince;
        return since != 0 && stallNanos > 0 && System.nanoTime() - since > stallNanos;
    }

    @Override
    public void whenWritable(Runnable task) {
        writableWaiters.add(task);
        // it may have become writable (or closed) before the task was added: then nobody else would run it
        if (isWritable() || state == State.CLOSED) {
            wakeWaiters();
        }
    }

    /**
     * Stops reading from the socket. Vert.x's {@code NetSocket.pause()} does not hold back packets given to a
     * message handler, so the channel's auto-read goes off and what was already read waits in a backlog.
     */
    private void pauseForSubscribers() {
        if (pausedBacklog == null) {
            pausedBacklog = new ArrayDeque<>();
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void resumeForSubscribers() {
        ArrayDeque<Object> backlog = pausedBacklog;
        if (backlog == null) {
            return;
        }
        pausedBacklog = null;
        for (Object msg; (msg = backlog.poll()) != null; ) {
            handle(msg); // if one of them pauses reading again, the rest go to the new backlog, in order
        }
        if (pausedBacklog == null && state != State.CLOSED) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** This connection's publisher side of QoS 0 back-pressure. */
    public PublisherPause publisherPause() {
        return publisherPause;
    }

    /** Sends a last packet, then closes the connection once it is written. */
    public void sendAndClose(Object packet) {
        ctx.executor().execute(() -> {
            drain();
            closing = true;
            ctx.writeAndFlush(packet).addListener(ChannelFutureListener.CLOSE);
        });
    }

    /**
     * Closes the connection because of what the server decided: MQTT 5 clients get a DISCONNECT with the reason
     * code (and a reason string when they accept problem information); MQTT 3 clients only see the socket close.
     */
    public void disconnect(MqttReasonCodes.Disconnect reason, String reasonString) {
        closeReason = reasonString + " (0x" + Integer.toHexString(reason.byteValue() & 0xff) + ")";
        ClientInfo c = client;
        if (c == null) {
            // no DISCONNECT before CONNACK [MQTT-3.14.0-1]: an MQTT 5 client being authenticated is refused with a
            // CONNACK carrying the reason code; before that, or on MQTT 3, the socket just closes
            if (state == State.AUTHENTICATING && ctx.channel().hasAttr(V5_HINT)) {
                sendAndClose(MqttMessageBuilders.connAck()
                        .returnCode(MqttConnectReturnCode.valueOf(reason.byteValue()))
                        .properties(MqttProperties.NO_PROPERTIES).build());
            } else {
                close();
            }
            return;
        }
        if (c.protocolVersion() != 5) {
            close();
            return;
        }
        MqttProperties props = new MqttProperties();
        if (reasonString != null && c.requestProblemInformation()) {
            props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(),
                    reasonString));
        }
        sendAndClose(MqttMessageBuilders.disconnect().reasonCode(reason.byteValue()).properties(props).build());
    }

    /** Disconnects with a Server Reference (server redirection, 0x9C / 0x9D). */
    public void redirect(String serverReference, boolean permanent) {
        ClientInfo c = client;
        if (c == null || c.protocolVersion() != 5) {
            close();
            return;
        }
        MqttProperties props = new MqttProperties();
        props.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.SERVER_REFERENCE.value(),
                serverReference));
        closeReason = "redirected to " + serverReference;
        sendAndClose(MqttMessageBuilders.disconnect().reasonCode((permanent ? MqttReasonCodes.Disconnect.SERVER_MOVED
                : MqttReasonCodes.Disconnect.USE_ANOTHER_SERVER).byteValue()).properties(props).build());
    }


    public void close() {
        closing = true;
        ctx.executor().execute(() -> {
            drain();
            ctx.close();
        });
    }

    // ---- SessionConnection ----------------------------------------------------------------------------------

    @Override
    public boolean sendPublish(Delivery delivery, int packetId, boolean dup) {
        return outboundPublishes.send(delivery, packetId, dup);
    }

    @Override
    public void sendPubrel(int packetId) {
        send(new MqttMessage(new MqttFixedHeader(MqttMessageType.PUBREL, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) 0, MqttProperties.NO_PROPERTIES)));
    }

    /**
     * Writable: the socket is below its high water mark (half the write buffer) and this connection's event loop has
     * not fallen behind by more than a quarter of it in queued PUBLISH packets (a subscriber fed by publishers on
     * other event loops): together they stay below the overfull bound.
     */
    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable() && outboundBytes.get() < overfullBytes / 4;
    }

    @Override
    public int inflightWindow() {
        ClientInfo c = client;
        return c == null ? 65535 : c.receiveMaximum();
    }

    @Override
    public void takenOver(boolean sessionContinues) {
        takenOver = true;
        takeoverKeepsSession = sessionContinues;
        disconnect(MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER, "session taken over");
    }

    // ---- facts shared by the packet handlers ----------------------------------------------------------------

    /** Called by the CONNECT handler once the client is accepted. */
    public void connected(ClientInfo info, Session session, Will will) {
        this.client = info;
        this.session = session;
        this.will = will;
        this.state = State.CONNECTED;
        broker.opened(this);
        if (will != null) {
            broker.services().wills().armed(info.clientId(), will, session.expiryIntervalSeconds());
        }
        // after the task that writes CONNACK: the packets the client sent meanwhile are handled in order
        onLoop(this::handleHeldPackets);
    }

    /**
     * A client may send packets right after CONNECT without waiting for CONNACK [MQTT-3.1.4-5]; authentication is
     * asynchronous, so they wait here (reading paused, so they stay few) and are handled once the client is accepted,
     * or dropped if it is refused [MQTT-3.1.4-6].
     */
    private void holdUntilConnected(MqttMessage packet) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        if (held.size() >= MAX_HELD_PACKETS) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "more than " + MAX_HELD_PACKETS + " packets before CONNACK");
        }
        held.add(ReferenceCountUtil.retain(packet));
        socket.pause();
    }

    private void handleHeldPackets() {
        ArrayDeque<MqttMessage> packets = held;
        held = null;
        if (packets == null) {
            return;
        }
        socket.resume();
        for (MqttMessage p; (p = packets.poll()) != null; ) {
            if (state == State.CONNECTED) {
                handle(p); // releases it
            } else {
                ReferenceCountUtil.release(p);
            }
        }
    }

    private void releaseHeldPackets() {
        ArrayDeque<MqttMessage> packets = held;
        held = null;
        if (packets != null) {
            packets.forEach(ReferenceCountUtil::release);
        }
    }

    /** Runs on this connection's event loop (completions of store writes arrive on other threads). */
    /** Largest packet this connection's listener accepts from its client. */
    public int maxPacketSize() {
        return broker.services().config().mqtt().maxPacketSize(listener.configName());
    }

    public void onLoop(Runnable task) {
        ctx.executor().execute(task);
    }

    /** Enforces the keep alive settled in CONNACK. */
    public void keepAlive(int seconds) {
        ctx.executor().execute(() -> MqttTransport.keepAlive(ctx.pipeline(), seconds));
    }

    /** Subscribes the client to what the auto-subscription rules give it, as if it had sent SUBSCRIBE. */
    public void applyAutoSubscriptions() {
        subscriptions.applyAutoSubscriptions();
    }

    /** Marks the connection as speaking MQTT 5 before CONNACK, so early errors use v5 reason codes. */
    public void protocolVersionKnown(int version) {
        if (version == 5) {
            ctx.channel().attr(V5_HINT).set(Boolean.TRUE);
        }
    }

    public ClientInfo client() {
        return client;
    }

    public Session session() {
        return session;
    }

    public MqttListeners.Kind listener() {
        return listener;
    }

    /** Whether the listener was at its connection limit when this connection was opened. */
    public boolean overLimit() {
        return overLimit;
    }

    /** Takes a CONNECT from the listener's rate limit; false when the listener is over its rate. */
    public boolean admitConnect() {
        return connectRate == null || connectRate.tryAcquire();
    }

    public NetSocketInternal socket() {
        return socket;
    }

    public String remoteAddress() {
        return String.valueOf(socket.remoteAddress());
    }

    public void pauseReading() {
        socket.pause();
    }

    public void resumeReading() {
        socket.resume();
    }

    public boolean isOpen() {
        return state != State.CLOSED;
    }

    @Override
    public String toString() {
        ClientInfo c = client;
        return (c == null ? "(no client id)" : c.clientId()) + "@" + socket.remoteAddress();
    }
}

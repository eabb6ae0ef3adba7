package io.kin.broker.mqtt.publish;

import io.kin.broker.auth.ClientIdentity;
import io.kin.broker.config.BrokerConfig;
import io.kin.broker.delayed.DelayedPublishes;
import io.kin.broker.message.Message;
import io.kin.broker.message.MessageIds;
import io.kin.broker.message.MessageProperties;
import io.kin.broker.message.PayloadFormat;
import io.kin.broker.mqtt.ClientInfo;
import io.kin.broker.mqtt.MqttConnection;
import io.kin.broker.mqtt.MqttConnections;
import io.kin.broker.mqtt.ProtocolViolation;
import io.kin.broker.mqtt.V5Properties;
import io.kin.broker.routing.TopicNames;
import io.kin.broker.session.PublisherFlow;
import io.kin.broker.session.Session;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;

import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * PUBLISH and PUBREL from a client (MQTT 3.3, 4.3): topic aliases in, validation, authorization, delayed publishes,
 * QoS 2 exactly-once by packet id, and the PUBACK / PUBREC / PUBCOMP answers with MQTT 5 reason codes.
 */
public final class InboundPublishes {

    private static final Logger LOG = Logger.getLogger(InboundPublishes.class);

    private static final String DELAYED_PREFIX = "$delayed/";

    private final MqttConnection connection;
    private final MqttConnections.Services services;
    private final Map<Integer, String> topicAliases = new HashMap<>();
    /** Acknowledgements waiting for earlier ones or for the store; touched only on the connection's event loop. */
    private final ArrayDeque<PendingAck> acks = new ArrayDeque<>();
    /** QoS 1 PUBLISH packets whose PUBACK has not been sent yet (they count against the server's Receive Maximum). */
    private int pendingPubacks;

    private record PendingAck(MqttMessageType type, int packetId, Future<Integer> reason) {
    }

    public InboundPublishes(MqttConnection connection, MqttConnections.Services services) {
        this.connection = connection;
        this.services = services;
    }

    public void publish(MqttPublishMessage packet) {
        ClientInfo client = connection.client();
        Session session = connection.session();
        BrokerConfig.Mqtt cfg = services.config().mqtt();
        int qos = packet.fixedHeader().qosLevel().value();
        boolean retain = packet.fixedHeader().isRetain();
        int packetId = packet.variableHeader().packetId();
        MqttProperties props = client.isV5() ? packet.variableHeader().properties() : MqttProperties.NO_PROPERTIES;
        String topic = resolveAlias(packet.variableHeader().topicName(), props, cfg);

        if (!TopicNames.isValidTopicName(topic)) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.TOPIC_NAME_INVALID, "topic name not valid");
        }
        String responseTopic = V5Properties.string(props, MqttPropertyType.RESPONSE_TOPIC);
        if (responseTopic != null && !TopicNames.isValidTopicName(responseTopic)) {
            // [MQTT-3.3.2-14] no wildcards (and, as a topic name, not empty): the packet parsed, but carries data
            // the protocol does not allow, which is a Protocol Error rather than a Malformed Packet (section 1.2)
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "response topic not valid");
        }
        if (qos > cfg.maxQos()) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED, "QoS " + qos + " not supported");
        }
        if (retain && !cfg.retainAvailable()) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.RETAIN_NOT_SUPPORTED, "retain not supported");
        }
        if (qos == 2 && !session.receivedQos2(packetId)) {
            // a resent QoS 2 PUBLISH we already have: acknowledge again, never route twice [MQTT-4.3.3-9]
            reply(MqttMessageType.PUBREC, packetId, 0);
            return;
        }
        // QoS 2 flows count until PUBREL (this one included), QoS 1 until its PUBACK goes out [MQTT-3.3.4-7]; MQTT 3
        // clients are never told a Receive Maximum, so only their QoS 2 flows are bounded
        int unacknowledged = session.pendingIncomingQos2()
                + (client.isV5() ? pendingPubacks + (qos == 1 ? 1 : 0) : 0);
        if (qos > 0 && unacknowledged > cfg.receiveMaximum()) {
            if (qos == 2) {
                session.releasedQos2(packetId); // refused, not received: when the client sends it again, route it
            }
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + cfg.receiveMaximum() + " unacknowledged QoS 1 and 2 publishes");
        }

        ByteBuf content = packet.payload();
        byte[] payload = ByteBufUtil.getBytes(content, content.readerIndex(), content.readableBytes(), false);
        MessageProperties mp = V5Properties.messageProperties(props);
        Long expiry = V5Properties.unsigned(props, MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL);
        long now = System.currentTimeMillis();
        Message message = new Message(MessageIds.next(), topic, payload, qos, retain, mp, client.clientId(),
                client.username(), now, expiry == null ? 0 : now + expiry * 1000);

        Future<Integer> reason;
        // a subscriber that cannot take this message's QoS 0 copy now pauses this publisher (PublisherFlow)
        PublisherFlow.publishing(connection.publisherPause());
        try {
            reason = accept(message, client);
        } catch (RuntimeException e) {
            if (qos == 2) {
                // failed, not received (the connection ends with 0x80): when the client sends it again, route it
                session.releasedQos2(packetId);
            }
            throw e;
        } finally {
            PublisherFlow.done();
        }
        if (qos == 1) {
            acknowledge(MqttMessageType.PUBACK, packetId, reason);
        } else if (qos == 2) {
            // the packet id is kept durably with the message, so a PUBLISH resent after a restart is recognised
            acknowledge(MqttMessageType.PUBREC, packetId, reason.compose(r -> r >= 0x80 ? Future.succeededFuture(r)
                    : session.storeReceivedQos2(packetId).map(r)));
        }
    }

    /**
     * Queues an acknowledgement that goes out when its outcome is known, and never before an earlier one: PUBACK
     * and PUBREC follow the order of the PUBLISH packets [MQTT-4.6.0-2, 4.6.0-3] even when some wait for the store.
     */
    private void acknowledge(MqttMessageType type, int packetId, Future<Integer> reason) {
        if (type == MqttMessageType.PUBACK) {
            pendingPubacks++;
        }
        acks.addLast(new PendingAck(type, packetId, reason));
        if (reason.isComplete()) {
            sendCompletedAcks();
        } else {
            reason.onComplete(ar -> connection.onLoop(this::sendCompletedAcks));
        }
    }

    private void sendCompletedAcks() {
        PendingAck head;
        while ((head = acks.peekFirst()) != null && head.reason().isComplete()) {
            acks.pollFirst();
            if (head.type() == MqttMessageType.PUBACK) {
                pendingPubacks--;
            }
            int code;
            if (head.reason().succeeded()) {
                code = head.reason().result();
            } else {
                LOG.warnf("publish from %s not stored, refused: %s", connection, head.reason().cause().toString());
                if (!connection.client().isV5()) {
                    // MQTT 3 cannot refuse a publish: closing makes the client send it again after reconnecting
                    connection.disconnect(MqttReasonCodes.Disconnect.UNSPECIFIED_ERROR, "message could not be stored");
                    return;
                }
                code = 0x80;
            }
            if (head.type() == MqttMessageType.PUBREC && code >= 0x80) {
                connection.session().releasedQos2(head.packetId()); // a refused QoS 2 flow ends here [MQTT-4.3.3-4]
            }
            reply(head.type(), head.packetId(), code);
        }
    }

    /** Routes (or schedules) the message; gives the PUBACK/PUBREC reason code once the outcome is durable. */
    private Future<Integer> accept(Message message, ClientInfo client) {
        String topic = message.topic();
        if (!PayloadFormat.honoured(message)) {
            return Future.succeededFuture(0x99); // payload format invalid
        }
        if (topic.startsWith("$SYS")) {
            return Future.succeededFuture(0x87); // only the broker publishes there
        }
        BrokerConfig.Mqtt cfg = services.config().mqtt();
        if (message.payload().length > cfg.maxPayloadSize()) {
            LOG.debugf("publish from %s refused: payload of %d bytes over the limit of %d", client.clientId(),
                    message.payload().length, cfg.maxPayloadSize());
            return Future.succeededFuture(0x97); // quota exceeded
        }
        if (message.retain() && message.payload().length > 0 && services.retained().count() >= cfg.maxRetainedMessages()
                && services.retained().get(topic) == null) {
            LOG.debugf("retained publish from %s refused: %d retained messages is the limit", client.clientId(),
                    cfg.maxRetainedMessages());
            return Future.succeededFuture(0x97);
        }
        boolean delayed = topic.startsWith(DELAYED_PREFIX);
        DelayedPublishes.Parsed parsed = null;
        if (delayed) {
            parsed = DelayedPublishes.parse(topic);
            if (parsed == null || !TopicNames.isValidTopicName(parsed.topic())
                    || parsed.delaySeconds() > services.config().mqtt().maxDelaySeconds()) {
                return Future.succeededFuture(0x90); // topic name invalid
            }
        }
        String effectiveTopic = delayed ? parsed.topic() : topic;
        if (!services.authorizer().canPublish(new ClientIdentity(client.clientId(), client.username()), effectiveTopic)) {
            return Future.succeededFuture(0x87);
        }
        if (delayed) {
            return services.delayed().schedule(message.withTopic(effectiveTopic), parsed.delaySeconds()).map(0x00);
        }
        boolean v5 = client.isV5();
        // 0x10: no matching subscribers
        return services.dispatcher().publish(message).map(routed -> routed == 0 && v5 ? 0x10 : 0x00);
    }

    private String resolveAlias(String topic, MqttProperties props, BrokerConfig.Mqtt cfg) {
        Integer alias = V5Properties.integer(props, MqttPropertyType.TOPIC_ALIAS);
        if (alias == null) {
            if (topic == null || topic.isEmpty()) {
                throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "empty topic without alias");
            }
            return topic;
        }
        if (alias == 0 || alias > cfg.topicAliasMaximum()) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID, "topic alias " + alias
                    + " outside 1.." + cfg.topicAliasMaximum()); // [MQTT-3.3.2-9]
        }
        if (topic == null || topic.isEmpty()) {
            String known = topicAliases.get(alias);
            if (known == null) {
                throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "unknown topic alias " + alias);
            }
            return known;
        }
        topicAliases.put(alias, topic);
        return topic;
    }

    public void release(int packetId) {
        Session session = connection.session();
        boolean known = session.releasedQos2(packetId);
        // MQTT 5: 0x92 packet identifier not found; MQTT 3 has no reason codes and completes anyway
        int code = known || !connection.client().isV5() ? 0 : 0x92;
        acknowledge(MqttMessageType.PUBCOMP, packetId, known ? session.storeReleasedQos2(packetId).map(code)
                : Future.succeededFuture(code));
    }

    private void reply(MqttMessageType type, int packetId, int reason) {
        boolean v5 = connection.client().isV5();
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        connection.send(new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, (byte) (v5 ? reason : 0), MqttProperties.NO_PROPERTIES)));
    }
}

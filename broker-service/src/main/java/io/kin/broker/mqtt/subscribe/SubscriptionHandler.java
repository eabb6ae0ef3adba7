package io.kin.broker.mqtt.subscribe;

import io.kin.broker.auth.ClientIdentity;
import io.kin.broker.autosub.AutoSubscriptions;
import io.kin.broker.events.BrokerEvent;
import io.kin.broker.message.Message;
import io.kin.broker.mqtt.ClientInfo;
import io.kin.broker.mqtt.MqttConnection;
import io.kin.broker.mqtt.MqttConnections;
import io.kin.broker.mqtt.ProtocolViolation;
import io.kin.broker.mqtt.V5Properties;
import io.kin.broker.routing.InvalidTopicFilterException;
import io.kin.broker.routing.Subscription;
import io.kin.broker.routing.TopicFilter;
import io.kin.broker.session.Delivery;
import io.kin.broker.session.Session;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;

import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * SUBSCRIBE and UNSUBSCRIBE (MQTT 3.8, 3.10): filter validation with the right reason codes, authorization,
 * subscription options, subscription identifiers, and retained messages per retain handling — sent after the SUBACK.
 */
public final class SubscriptionHandler {

    private final MqttConnection connection;
    private final MqttConnections.Services services;

    public SubscriptionHandler(MqttConnection connection, MqttConnections.Services services) {
        this.connection = connection;
        this.services = services;
    }

    /** A subscription that was granted and may get retained messages once the SUBACK is out. */
    private record Granted(String rawFilter, Subscription subscription, boolean sendRetained, Future<Void> durable) {
    }

    public void subscribe(MqttSubscribeMessage packet) {
        ClientInfo client = connection.client();
        int packetId = packet.idAndPropertiesVariableHeader().messageId();
        MqttProperties props = client.isV5() ? packet.idAndPropertiesVariableHeader().properties()
                : MqttProperties.NO_PROPERTIES;
        Integer subscriptionId = V5Properties.integer(props, MqttPropertyType.SUBSCRIPTION_IDENTIFIER);
        if (subscriptionId != null && subscriptionId == 0) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "subscription identifier 0");
        }
        List<MqttTopicSubscription> requested = packet.payload().topicSubscriptions();
        if (requested.isEmpty()) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "SUBSCRIBE without filters");
        }
        List<Integer> codes = new ArrayList<>(requested.size());
        List<Granted> granted = new ArrayList<>(requested.size());
        for (MqttTopicSubscription t : requested) {
            MqttSubscriptionOption o = t.option();
            int code = subscribeOne(t.topicName(), o.qos().value(), o.isNoLocal(), o.isRetainAsPublished(),
                    o.retainHandling().value(), subscriptionId == null ? 0 : subscriptionId, granted);
            codes.add(code);
        }
        // a persistent session's subscriptions are stored before SUBACK, so a crash cannot lose them
        List<Future<Void>> writes = new ArrayList<>(granted.size());
        granted.forEach(g -> writes.add(g.durable()));
        Future.all(writes).onComplete(ar -> connection.onLoop(() -> {
            List<Integer> finalCodes = codes;
            if (ar.failed()) {
                finalCodes = new ArrayList<>();
                for (int i = 0; i < codes.size(); i++) {
                    finalCodes.add(0x80);
                }
                for (Granted g : granted) {
                    services.topics().unsubscribe(g.subscription().clientId(), g.subscription().filter(),
                            g.subscription().shareGroup());
                    connection.session().removeSubscription(g.rawFilter());
                }
            }
            connection.send(new MqttSubAckMessage(
                    new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                    new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                    new MqttSubAckPayload(finalCodes)));
            if (ar.succeeded()) {
                sendRetained(granted);
            }
        }));
    }

    /**
     * Applies one filter; returns the SUBACK code (granted QoS, or 0x80 / MQTT 5 reason code on failure) and
     * records what needs retained messages in {@code granted}.
     */
    private int subscribeOne(String raw, int qos, boolean noLocal, boolean retainAsPublished, int retainHandling,
                             int subscriptionId, List<Granted> granted) {
        ClientInfo client = connection.client();
        boolean v5 = client.isV5();
        TopicFilter filter;
        try {
            filter = TopicFilter.parse(raw);
        } catch (InvalidTopicFilterException e) {
            return v5 ? 0x8F : 0x80; // topic filter invalid
        }
        if (filter.isShared() && noLocal) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                    "no local on a shared subscription"); // [MQTT-3.8.3-4]
        }
        if (!services.authorizer().canSubscribe(new ClientIdentity(client.clientId(), client.username()),
                filter.filter())) {
            return v5 ? 0x87 : 0x80;
        }
        int grantedQos = Math.min(qos, services.config().mqtt().maxQos());
        Subscription s = new Subscription(client.clientId(), filter.filter(), filter.shareGroup(), grantedQos, noLocal,
                retainAsPublished, retainHandling, subscriptionId);
        boolean existed = services.topics().subscribe(s);
        Future<Void> durable = connection.session().putSubscription(filter.raw(), s);
        // retained messages: never for shared subscriptions; handling 1 only for a new subscription [MQTT-3.3.1-10]
        boolean sendRetained = !filter.isShared() && (retainHandling == 0 || (retainHandling == 1 && !existed));
        granted.add(new Granted(filter.raw(), s, sendRetained, durable));
        services.events().emit(new BrokerEvent.SessionSubscribed(client.clientId(), client.username(), filter.raw(),
                grantedQos, System.currentTimeMillis()));
        return grantedQos;
    }

    private void sendRetained(List<Granted> granted) {
        Session session = connection.session();
        for (Granted g : granted) {
            if (!g.sendRetained()) {
                continue;
            }
            Subscription s = g.subscription();
            int[] ids = s.subscriptionId() > 0 ? new int[]{s.subscriptionId()} : null;
            for (Message m : services.retained().match(s.filter())) {
                // a retained message sent because of a subscription keeps its retain flag [MQTT-3.3.1-8]
                session.offer(Delivery.direct(m, Math.min(m.qos(), s.qos()), true, ids));
            }
        }
    }

    public void unsubscribe(MqttUnsubscribeMessage packet) {
        ClientInfo client = connection.client();
        int packetId = packet.idAndPropertiesVariableHeader().messageId();
        List<String> topics = packet.payload().topics();
        if (topics.isEmpty()) {
            throw new ProtocolViolation(MqttReasonCodes.Disconnect.PROTOCOL_ERROR, "UNSUBSCRIBE without filters");
        }
        List<Short> codes = new ArrayList<>(topics.size());
        Session session = connection.session();
        for (String raw : topics) {
            TopicFilter filter;
            try {
                filter = TopicFilter.parse(raw);
            } catch (InvalidTopicFilterException e) {
                codes.add((short) 0x8F);
                continue;
            }
            boolean existed = services.topics().unsubscribe(client.clientId(), filter.filter(), filter.shareGroup());
            existed |= session.removeSubscription(filter.raw()) != null;
            codes.add((short) (existed ? 0x00 : 0x11)); // 0x11: no subscription existed
            if (existed) {
                services.events().emit(new BrokerEvent.SessionUnsubscribed(client.clientId(), client.username(),
                        filter.raw(), System.currentTimeMillis()));
            }
        }
        MqttUnsubAckPayload payload = client.isV5() ? new MqttUnsubAckPayload(codes) : null;
        connection.send(new MqttUnsubAckMessage(
                new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES), payload));
    }

    /** Subscriptions from the auto-subscription rules, applied right after CONNACK. */
    public void applyAutoSubscriptions() {
        ClientInfo client = connection.client();
        List<AutoSubscriptions.Resolved> rules = services.autoSubscriptions().forClient(client.clientId(),
                client.username());
        if (rules.isEmpty()) {
            return;
        }
        List<Granted> granted = new ArrayList<>();
        for (AutoSubscriptions.Resolved r : rules) {
            var rule = r.rule();
            subscribeOne(r.filter(), rule.qos(), rule.noLocal() && !r.filter().startsWith("$"),
                    rule.retainAsPublished(), rule.retainHandling(), 0, granted);
        }
        sendRetained(granted);
    }
}

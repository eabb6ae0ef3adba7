package io.kin.broker.rules;

import io.kin.broker.events.BrokerEvent;
import io.kin.broker.message.Message;
import io.kin.broker.message.MessageProperties;
import io.kin.rules.sql.EventType;
import io.kin.rules.sql.RuleInput;

import java.util.LinkedHashMap;
import java.util.Map;

/** What a rule sees of a message or an event. */
final class RuleInputs {

    private RuleInputs() {
    }

    static RuleInput message(Message m, String node) {
        return messageFields(RuleInput.builder(), m, node).clientId(m.publisherClientId())
                .username(m.publisherUsername()).build();
    }

    private static RuleInput.Builder messageFields(RuleInput.Builder b, Message m, String node) {
        return b.id(Long.toString(m.id())).topic(m.topic()).qos(m.qos()).retain(m.retain()).payload(m.payload())
                .userProperties(userProperties(m.properties())).timestamp(m.timestamp()).node(node);
    }

    private static Map<String, String> userProperties(MessageProperties p) {
        if (p.userProperties().isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (MessageProperties.UserProperty u : p.userProperties()) {
            map.putIfAbsent(u.key(), u.value()); // a repeated key keeps its first value
        }
        return map;
    }

    static EventType type(BrokerEvent event) {
        if (event instanceof BrokerEvent.ClientConnected) {
            return EventType.CLIENT_CONNECTED;
        } else if (event instanceof BrokerEvent.ClientDisconnected) {
            return EventType.CLIENT_DISCONNECTED;
        } else if (event instanceof BrokerEvent.SessionSubscribed) {
            return EventType.SESSION_SUBSCRIBED;
        } else if (event instanceof BrokerEvent.SessionUnsubscribed) {
            return EventType.SESSION_UNSUBSCRIBED;
        } else if (event instanceof BrokerEvent.MessageDelivered) {
            return EventType.MESSAGE_DELIVERED;
        } else if (event instanceof BrokerEvent.MessageAcked) {
            return EventType.MESSAGE_ACKED;
        }
        return EventType.MESSAGE_DROPPED;
    }

    static RuleInput event(BrokerEvent event, String node) {
        RuleInput.Builder b = RuleInput.builder().event(type(event).name().toLowerCase(java.util.Locale.ROOT))
                .clientId(event.clientId()).timestamp(event.timestamp()).node(node);
        if (event instanceof BrokerEvent.ClientConnected e) {
            b.username(e.username()).peerhost(e.remoteAddress()).field("proto_ver", e.protocolVersion())
                    .field("clean_start", e.cleanStart()).field("keepalive", e.keepAlive());
        } else if (event instanceof BrokerEvent.ClientDisconnected e) {
            b.username(e.username()).reason(e.reason());
        } else if (event instanceof BrokerEvent.SessionSubscribed e) {
            b.username(e.username()).topic(e.filter()).qos(e.qos());
        } else if (event instanceof BrokerEvent.SessionUnsubscribed e) {
            b.username(e.username()).topic(e.filter());
        } else if (event instanceof BrokerEvent.MessageDelivered e) {
            delivery(b, e.message(), node);
        } else if (event instanceof BrokerEvent.MessageAcked e) {
            delivery(b, e.message(), node);
        } else if (event instanceof BrokerEvent.MessageDropped e) {
            delivery(b, e.message(), node).reason(e.reason());
        }
        return b.build();
    }

    /** A message event is about a receiver ({@code clientid}); the publisher is {@code from_clientid}. */
    private static RuleInput.Builder delivery(RuleInput.Builder b, Message m, String node) {
        return messageFields(b, m, node).field("from_clientid", m.publisherClientId())
                .field("from_username", m.publisherUsername());
    }
}

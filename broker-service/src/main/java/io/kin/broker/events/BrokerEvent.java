package io.kin.broker.events;

import io.kin.broker.message.Message;

/** Something that happened in the broker; $SYS, metrics and the rule engine ($events/...) consume these. */
public sealed interface BrokerEvent {

    long timestamp();

    /** The client the event is about. */
    String clientId();

    record ClientConnected(String clientId, String username, String remoteAddress, int protocolVersion,
                           boolean cleanStart, long keepAlive, long timestamp) implements BrokerEvent {
    }

    record ClientDisconnected(String clientId, String username, String reason, long timestamp)
            implements BrokerEvent {
    }

    record SessionSubscribed(String clientId, String username, String filter, int qos, long timestamp)
            implements BrokerEvent {
    }

    record SessionUnsubscribed(String clientId, String username, String filter, long timestamp)
            implements BrokerEvent {
    }

    record MessageDelivered(String clientId, Message message, long timestamp) implements BrokerEvent {
    }

    record MessageAcked(String clientId, Message message, long timestamp) implements BrokerEvent {
    }

    record MessageDropped(String clientId, Message message, String reason, long timestamp) implements BrokerEvent {
    }
}

package io.kin.broker.mqtt;

import io.kin.broker.auth.Authenticator;
import io.kin.broker.auth.Authorizer;
import io.kin.broker.auth.BanList;
import io.kin.broker.auth.EnhancedAuthMechanisms;
import io.kin.broker.autosub.AutoSubscriptions;
import io.kin.broker.config.BrokerConfig;
import io.kin.broker.delayed.DelayedPublishes;
import io.kin.broker.events.BrokerEvents;
import io.kin.broker.mqtt.connect.WillMessages;
import io.kin.broker.retain.RetainedMessages;
import io.kin.broker.routing.MessageDispatcher;
import io.kin.broker.routing.TopicTree;
import io.kin.broker.session.SessionOwnership;
import io.kin.broker.session.SessionRegistry;
import io.kin.broker.sys.BrokerStats;
import io.vertx.core.Vertx;
import io.vertx.core.net.impl.NetSocketInternal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The node's live MQTT connections, and the services every connection's packet handlers use. */
@ApplicationScoped
public class MqttConnections {

    /** Everything the protocol edge calls; handlers never reach storage directly. */
    public record Services(BrokerConfig config, SessionRegistry sessions, MessageDispatcher dispatcher,
                           TopicTree topics, RetainedMessages retained, Authenticator authenticator,
                           EnhancedAuthMechanisms mechanisms, Authorizer authorizer, DelayedPublishes delayed,
                           WillMessages wills, AutoSubscriptions autoSubscriptions, BrokerEvents events,
                           BrokerStats stats, ServerRedirection redirection, SessionOwnership ownership,
                           BanList bans, Vertx vertx) {
    }

    private final Instance<Services> servicesInstance;
    private volatile Services services;
    private final Map<String, MqttConnection> byClientId = new ConcurrentHashMap<>();

    MqttConnections(Instance<Services> servicesInstance) {
        this.servicesInstance = servicesInstance;
    }

    Services services() {
        Services s = services;
        if (s == null) {
            s = servicesInstance.get();
            services = s;
        }
        return s;
    }

    /**
     * @param onClose   told when the socket closes, whatever the reason (the listener's connection count)
     * @param overLimit the listener is at its connection limit: the CONNECT is answered with 0x97 Quota exceeded
     * @param rate      the listener's CONNECT rate limit, or null for none
     */
    void open(MqttListeners.Kind kind, NetSocketInternal socket, Runnable onClose, boolean overLimit,
              ConnectRate rate) {
        new MqttConnection(this, kind, socket, onClose, overLimit, rate);
    }

    void opened(MqttConnection connection) {
        byClientId.put(connection.client().clientId(), connection);
    }

    void closed(MqttConnection connection) {
        ClientInfo c = connection.client();
        if (c != null) {
            byClientId.remove(c.clientId(), connection);
        }
    }

    /** The live connection of a client on this node, or null. */
    public MqttConnection connection(String clientId) {
        return byClientId.get(clientId);
    }

    public Collection<MqttConnection> all() {
        return List.copyOf(byClientId.values());
    }

    public int count() {
        return byClientId.size();
    }

    /** Disconnects a client as an administrative action (MQTT 5 reason 0x98); returns whether it was connected. */
    public boolean kick(String clientId) {
        MqttConnection c = byClientId.get(clientId);
        if (c == null) {
            return false;
        }
        c.disconnect(io.netty.handler.codec.mqtt.MqttReasonCodes.Disconnect.ADMINISTRATIVE_ACTION,
                "disconnected by an administrator");
        return true;
    }
}

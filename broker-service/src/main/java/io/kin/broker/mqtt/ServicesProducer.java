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
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** Wires the protocol edge's services from the beans that implement them. */
class ServicesProducer {

    @Produces
    @Dependent
    MqttConnections.Services services(BrokerConfig config, SessionRegistry sessions, MessageDispatcher dispatcher,
                                      TopicTree topics, RetainedMessages retained, Authenticator authenticator,
                                      EnhancedAuthMechanisms mechanisms, Authorizer authorizer,
                                      DelayedPublishes delayed, WillMessages wills,
                                      AutoSubscriptions autoSubscriptions, BrokerEvents events, BrokerStats stats,
                                      ServerRedirection redirection, SessionOwnership ownership, BanList bans,
                                      Vertx vertx) {
        return new MqttConnections.Services(config, sessions, dispatcher, topics, retained, authenticator,
                mechanisms, authorizer, delayed, wills, autoSubscriptions, events, stats, redirection, ownership,
                bans, vertx);
    }
}

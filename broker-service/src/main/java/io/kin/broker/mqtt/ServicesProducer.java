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
import io.quarkus.arc.ClientProxy;
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
        // the beans themselves, not their client proxies: a proxy looks its bean up in the context on every call,
        // which the per-message path (dispatcher, stats, sessions, authorizer) paid several times per publish
        return new MqttConnections.Services(config, unwrap(sessions), unwrap(dispatcher), unwrap(topics),
                unwrap(retained), unwrap(authenticator), unwrap(mechanisms), unwrap(authorizer), unwrap(delayed),
                unwrap(wills), unwrap(autoSubscriptions), unwrap(events), unwrap(stats), unwrap(redirection),
                unwrap(ownership), unwrap(bans), vertx);
    }

    private static <T> T unwrap(T bean) {
        return ClientProxy.unwrap(bean);
    }
}

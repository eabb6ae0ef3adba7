package io.kin.broker.routing;

import io.kin.broker.config.BrokerConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The node's subscription index, shared by the protocol edge, the router and the sessions. */
public class RoutingBeans {

    @Produces
    @Singleton
    TopicTree topicTree(BrokerConfig config) {
        return new TopicTree(DispatchStrategy.fromConfig(config.mqtt().sharedDispatch()));
    }
}

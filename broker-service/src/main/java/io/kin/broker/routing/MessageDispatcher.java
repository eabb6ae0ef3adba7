package io.kin.broker.routing;

import io.kin.broker.message.Message;
import io.kin.broker.retain.RetainedMessages;
import io.kin.broker.rules.RuleEngine;
import io.kin.broker.sys.BrokerStats;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way a message enters the broker, whoever publishes it (a client, a will, a delayed publish, $SYS, the
 * admin API, a rule): update the retained store when the retain flag is set, route to subscribers, then run the rules.
 */
@ApplicationScoped
public class MessageDispatcher {

    private final RetainedMessages retained;
    private final Router router;
    private final BrokerStats stats;
    private final RuleEngine rules;

    MessageDispatcher(RetainedMessages retained, Router router, BrokerStats stats, RuleEngine rules) {
        this.retained = retained;
        this.router = router;
        this.stats = stats;
        this.rules = rules;
    }

    /**
     * Publishes the message; the future gives how many sessions it was routed to, once everything that must be
     * durable (the retained message, copies for persistent sessions) is stored. It fails when the store could not
     * keep it: the publisher must then not be acknowledged.
     */
    public Future<Integer> publish(Message message) {
        if (message.publisherClientId() != null) {
            stats.received(message); // the broker's own messages ($SYS) are not counted as received
        }
        Future<Void> retainedStored = message.retain() ? retained.put(message) : Future.succeededFuture();
        Router.Routed routed = router.route(message);
        rules.onMessage(message); // once per message in the cluster: here, where it entered
        if (retainedStored.isComplete() && retainedStored.succeeded()) {
            return routed.durable().map(routed.sessions());
        }
        return Future.all(retainedStored, routed.durable()).map(routed.sessions());
    }
}

package io.kin.broker.routing;

import io.kin.broker.message.Message;
import io.kin.broker.retain.RetainedMessages;
import io.kin.broker.sys.BrokerStats;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way a message enters the broker, whoever publishes it (a client, a will, a delayed publish, $SYS, the
 * admin API, a rule): update the retained store when the retain flag is set, then route to subscribers.
 */
@ApplicationScoped
public class MessageDispatcher {

    private final RetainedMessages retained;
    private final Router router;
    private final BrokerStats stats;

    MessageDispatcher(RetainedMessages retained, Router router, BrokerStats stats) {
        this.retained = retained;
        this.router = router;
        this.stats = stats;
    }

    /** Returns how many sessions the message was routed to. */
    public int publish(Message message) {
        if (message.publisherClientId() != null) {
            stats.received(message); // the broker's own messages ($SYS) are not counted as received
        }
        if (message.retain()) {
            retained.put(message);
        }
        return router.route(message);
    }
}

package io.kin.broker.cluster;

import com.hazelcast.topic.ITopic;
import io.kin.broker.message.Message;
import io.kin.broker.store.PgRetainedMessages;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

/**
 * Keeps every node's in-memory retained index in step: a change made on one node (and stored in PostgreSQL there)
 * is announced on a Hazelcast topic, and the other nodes apply it to their index.
 */
@ApplicationScoped
public class ClusterRetained {

    /** A retained change as it travels: the message (empty payload = deleted) and the node that made it. */
    record Change(String node, Message message) implements java.io.Serializable {
    }

    private final ClusterMembership membership;
    private final PgRetainedMessages retained;

    ClusterRetained(ClusterMembership membership, PgRetainedMessages retained) {
        this.membership = membership;
        this.retained = retained;
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 40) StartupEvent ev) {
        if (!membership.enabled()) {
            return;
        }
        ITopic<Change> topic = membership.hazelcast().getTopic("kin-retained");
        String self = membership.nodeId();
        topic.addMessageListener(m -> {
            if (!self.equals(m.getMessageObject().node())) {
                retained.applyReplica(m.getMessageObject().message());
            }
        });
        retained.onChange(message -> topic.publish(new Change(self, message)));
    }
}

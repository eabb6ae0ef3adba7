package io.kin.broker.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.map.IMap;
import io.kin.broker.session.SessionOwnership;
import io.kin.broker.session.SessionRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * Session ownership in the cluster: a Hazelcast map from client id to node. Claiming a session held by another
 * live node asks that node to let it go first; a session of a node that died is loaded from PostgreSQL. The oldest
 * node adopts the stored sessions of a node that left, so they keep collecting messages until their clients return.
 */
@ApplicationScoped
public class ClusterSessionOwnership implements SessionOwnership {

    private static final Logger LOG = Logger.getLogger(ClusterSessionOwnership.class);
    static final String OWNERS = "kin-session-owners";

    private final ClusterMembership membership;
    private final SessionRegistry sessions;
    private volatile IMap<String, String> owners;

    ClusterSessionOwnership(ClusterMembership membership, SessionRegistry sessions) {
        this.membership = membership;
        this.sessions = sessions;
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 30) StartupEvent ev) {
        if (!membership.enabled()) {
            return;
        }
        owners = membership.hazelcast().getMap(OWNERS);
        membership.onNodeLeft(node -> {
            if (membership.isOldest()) {
                sessions.adopt(node).onFailure(e -> LOG.warnf("adopting the sessions of %s failed: %s", node,
                        e.toString()));
            }
        });
    }

    @Override
    public Future<Void> claim(String clientId, boolean cleanStart) {
        IMap<String, String> map = owners;
        if (map == null) {
            return Future.succeededFuture();
        }
        String self = membership.nodeId();
        Promise<String> previous = Promise.promise();
        // without split-brain quorum this throws or fails the stage: the CONNECT is refused (0x88)
        try {
            map.putAsync(clientId, self).whenComplete((old, e) -> {
                if (e != null) {
                    previous.fail(e);
                } else {
                    previous.complete(old);
                }
            });
        } catch (RuntimeException e) {
            previous.fail(e);
        }
        return previous.future().compose(old -> {
            Member holder = old == null || old.equals(self) ? null : membership.member(old);
            Future<Void> released = holder == null ? Future.succeededFuture() : releaseOn(holder, clientId, cleanStart);
            // the session (if any) is in the store now: bring it here unless the client starts clean
            return released.compose(v -> cleanStart ? Future.succeededFuture() : sessions.loadIfAbsent(clientId));
        });
    }

    private Future<Void> releaseOn(Member holder, String clientId, boolean cleanStart) {
        Promise<Void> done = Promise.promise();
        membership.hazelcast().getExecutorService("kin-takeover").submitToMember(
                new SessionRelease(clientId, !cleanStart), holder, new ExecutionCallback<Boolean>() {
                    @Override
                    public void onResponse(Boolean released) {
                        done.tryComplete();
                    }

                    @Override
                    public void onFailure(Throwable t) {
                        // the holder is gone or failed: the store is the truth, go on from there
                        LOG.debugf("release of %s on another node failed: %s", clientId, t.toString());
                        done.tryComplete();
                    }
                });
        return done.future();
    }
}

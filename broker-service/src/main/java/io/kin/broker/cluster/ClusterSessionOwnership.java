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
    private final ClusterRouting routing;
    private volatile IMap<String, String> owners;

    ClusterSessionOwnership(ClusterMembership membership, SessionRegistry sessions, ClusterRouting routing) {
        this.membership = membership;
        this.sessions = sessions;
        this.routing = routing;
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
            if (holder == null) {
                // the session (if any) is in the store: bring it here unless the client starts clean
                return cleanStart ? Future.succeededFuture() : sessions.loadIfAbsent(clientId);
            }
            if (cleanStart) {
                return releaseOn(holder, clientId, false, SessionRelease.Step.BOTH);
            }
            // make before break, so a message published during the move is never routed nowhere:
            // 1. the old node disconnects the client and keeps the session, storing what its routes catch;
            // 2. this node routes the session's subscriptions here and holds what they catch;
            // 3. what this node forwarded to the old node before step 2 has been stored there;
            // 4. the old node lets the session go once this node's routes have reached it;
            // 5. this node loads it and adds what it held that the old node did not store
            return releaseOn(holder, clientId, true, SessionRelease.Step.DISCONNECT)
                    .compose(v -> sessions.prepareArrival(clientId).recover(e -> {
                        LOG.warnf("routing %s here before its session moves failed (%s); moving it anyway", clientId,
                                e.toString());
                        return Future.succeededFuture();
                    }))
                    .compose(v -> routing.drainedTo(old))
                    .compose(v -> releaseOn(holder, clientId, true, SessionRelease.Step.RELEASE))
                    .compose(v -> sessions.loadIfAbsent(clientId))
                    .andThen(ar -> sessions.finishArrival(clientId));
        });
    }

    private Future<Void> releaseOn(Member holder, String clientId, boolean continues, SessionRelease.Step step) {
        Promise<Void> done = Promise.promise();
        membership.hazelcast().getExecutorService("kin-takeover").submitToMember(
                new SessionRelease(clientId, continues, step, membership.nodeId()), holder, new ExecutionCallback<Boolean>() {
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

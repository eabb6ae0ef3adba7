package io.kin.broker.cluster;

import io.kin.broker.mqtt.MqttConnection;
import io.kin.broker.mqtt.MqttConnections;
import io.kin.broker.routing.Subscription;
import io.kin.broker.session.Session;
import io.kin.broker.session.SessionRegistry;
import com.hazelcast.cluster.Member;
import io.quarkus.arc.Arc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs on the node that holds a session another node claims: disconnects the client here with "session taken
 * over" (0x8E), then lets the session go once its pending writes are durable. A session that continues moves in
 * two calls, so its routes never lapse: {@link Step#DISCONNECT} closes the connection (the session stays here,
 * offline, storing what its routes catch) while the new node adds its own routes; {@link Step#RELEASE} then lets
 * it go. A clean start does both at once ({@link Step#BOTH}).
 */
final class SessionRelease implements Callable<Boolean>, Serializable {

    private static final long serialVersionUID = 1L;

    enum Step { DISCONNECT, RELEASE, BOTH }

    private final String clientId;
    private final boolean sessionContinues;
    private final Step step;
    private final String toNode;

    /** @param toNode the node the session moves to; its routes must have reached this node before the release */
    SessionRelease(String clientId, boolean sessionContinues, Step step, String toNode) {
        this.clientId = clientId;
        this.sessionContinues = sessionContinues;
        this.step = step;
        this.toNode = toNode;
    }

    @Override
    public Boolean call() throws Exception {
        MqttConnections connections = Arc.container().instance(MqttConnections.class).get();
        SessionRegistry sessions = Arc.container().instance(SessionRegistry.class).get();
        MqttConnection connection = step == Step.RELEASE ? null : connections.connection(clientId);
        if (connection != null) {
            connection.takenOver(sessionContinues);
            // the close runs on the connection's event loop; wait for it so nothing is sent after the release
            for (int i = 0; i < 100 && connection.isOpen(); i++) {
                Thread.sleep(20);
            }
        }
        if (step == Step.RELEASE) {
            Session session = sessions.get(clientId);
            awaitRoutesOf(session);
            awaitOtherNodesDrained(session);
        }
        if (step != Step.DISCONNECT) {
            sessions.release(clientId).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        return Boolean.TRUE;
    }

    /**
     * Every other node's forwards to this node, sent before it knew the new node's routes, are handled here before
     * the session goes: they are stored in it and move with it. Bounded: a node that does not answer in time is
     * left behind (its late forwards would find no session here).
     */
    private void awaitOtherNodesDrained(Session session) {
        if (session == null || toNode == null) {
            return;
        }
        ClusterMembership membership = Arc.container().instance(ClusterMembership.class).get();
        List<String[]> filters = new ArrayList<>();
        for (Subscription s : session.subscriptions()) {
            filters.add(new String[]{s.filter(), s.shareGroup()});
        }
        Map<Member, Future<Boolean>> barriers = membership.hazelcast().getExecutorService("kin-move-barrier")
                .submitToMembers(new MoveBarrier(membership.nodeId(), toNode, filters),
                        membership.hazelcast().getCluster().getMembers().stream()
                                .filter(m -> !m.localMember()).toList());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Future<Boolean> f : barriers.values()) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // a node that left or is stuck: go on; the store stays the truth
            }
        }
    }

    /**
     * Waits (a bounded while) until the new node's routes for the session's subscriptions are known here, so what
     * is published on this node after the release is forwarded there instead of matching nothing.
     */
    private void awaitRoutesOf(Session session) throws InterruptedException {
        if (session == null || toNode == null) {
            return;
        }
        ClusterRouting routing = Arc.container().instance(ClusterRouting.class).get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (Subscription s : session.subscriptions()) {
            while (!routing.knowsRoute(toNode, s.filter(), s.shareGroup()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }
}

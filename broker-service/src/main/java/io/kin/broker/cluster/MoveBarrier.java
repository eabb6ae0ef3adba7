package io.kin.broker.cluster;

import io.quarkus.arc.Arc;

import java.io.Serializable;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * Runs on every other node just before a session's old node lets it go: once this node knows the new node's routes
 * for the session's filters, everything it forwarded to the old node before that has been handled there. After it,
 * nothing this node publishes for the session can still be on its way to the old node.
 */
final class MoveBarrier implements Callable<Boolean>, Serializable {

    private static final long serialVersionUID = 1L;

    private final String fromNode;
    private final String toNode;
    private final List<String[]> filters;

    /** @param filters the session's {filter, share group or null} pairs */
    MoveBarrier(String fromNode, String toNode, List<String[]> filters) {
        this.fromNode = fromNode;
        this.toNode = toNode;
        this.filters = filters;
    }

    @Override
    public Boolean call() throws Exception {
        ClusterRouting routing = Arc.container().instance(ClusterRouting.class).get();
        ClusterMembership membership = Arc.container().instance(ClusterMembership.class).get();
        if (!toNode.equals(membership.nodeId())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            for (String[] f : filters) {
                while (!routing.knowsRoute(toNode, f[0], f[1]) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
            }
        }
        routing.drainedTo(fromNode).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        return Boolean.TRUE;
    }
}

package io.kin.broker.routing;

/**
 * Told when this node gains its first subscriber for a filter (and share group) or loses its last one: the
 * cluster publishes these as the node's routes, so publishes elsewhere are forwarded here only when they can match.
 * Called under the topic tree's write lock: it must be quick and must not call back into the tree.
 */
public interface RouteListener {

    void routeAdded(String filter, String shareGroup);

    void routeRemoved(String filter, String shareGroup);

    RouteListener NONE = new RouteListener() {
        @Override
        public void routeAdded(String filter, String shareGroup) {
        }

        @Override
        public void routeRemoved(String filter, String shareGroup) {
        }
    };
}

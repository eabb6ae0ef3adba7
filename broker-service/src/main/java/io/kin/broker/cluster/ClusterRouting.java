package io.kin.broker.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.EntryListener;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import io.kin.broker.message.Message;
import io.kin.broker.routing.DispatchStrategy;
import io.kin.broker.routing.RemoteRouting;
import io.kin.broker.routing.RouteListener;
import io.kin.broker.routing.Subscription;
import io.kin.broker.routing.TopicTree;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The route table: which node has subscribers for which filters (and shared groups), kept in a Hazelcast
 * replicated map and mirrored into a topic tree on every node, so a publish is forwarded only to the nodes with a
 * matching route, each at most once. Shared groups are balanced across the cluster: a node is picked per message
 * among the nodes that have members of the group, then that node picks one of its members.
 */
@ApplicationScoped
public class ClusterRouting implements RemoteRouting, RouteListener {

    private static final Logger LOG = Logger.getLogger(ClusterRouting.class);
    private static final String SEP = "\u0000";

    private final ClusterMembership membership;
    private final TopicTree localTopics;
    /** Routes of every node (this one too): a "subscription" per node, filter and share group. */
    private final TopicTree routes = new TopicTree(DispatchStrategy.ROUND_ROBIN);
    private final Map<String, NodeLink> links = new ConcurrentHashMap<>();
    private volatile ReplicatedMap<String, String> table;
    private volatile Set<String> alive = Set.of();

    ClusterRouting(ClusterMembership membership, TopicTree localTopics,
                   io.micrometer.core.instrument.MeterRegistry registry) {
        this.membership = membership;
        this.localTopics = localTopics;
        // routes this node forwards to: other nodes' filters; a dead node's routes leave this figure
        io.micrometer.core.instrument.Gauge.builder("kin.cluster.remote.routes", this, ClusterRouting::remoteRoutes)
                .description("Routes of other nodes (filter, share group) this node forwards matching messages to")
                .register(registry);
    }

    private double remoteRoutes() {
        return routes.subscriptionCount() - routes.subscriptionsOf(membership.nodeId()).size();
    }

    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 20) StartupEvent ev) {
        if (!membership.enabled()) {
            return;
        }
        table = membership.hazelcast().getReplicatedMap("kin-routes");
        table.addEntryListener(new EntryListener<>() {
            @Override
            public void entryAdded(EntryEvent<String, String> e) {
                apply(e.getKey(), true);
            }

            @Override
            public void entryUpdated(EntryEvent<String, String> e) {
            }

            @Override
            public void entryRemoved(EntryEvent<String, String> e) {
                apply(e.getKey(), false);
            }

            @Override
            public void entryEvicted(EntryEvent<String, String> e) {
                apply(e.getKey(), false);
            }

            @Override
            public void entryExpired(EntryEvent<String, String> e) {
                apply(e.getKey(), false);
            }

            @Override
            public void mapCleared(MapEvent e) {
            }

            @Override
            public void mapEvicted(MapEvent e) {
            }
        });
        for (String key : table.keySet()) {
            apply(key, true);
        }
        alive = membership.nodes();
        membership.onNodeLeft(this::nodeLeft);
        membership.hazelcast().getCluster().addMembershipListener(new com.hazelcast.cluster.MembershipListener() {
            @Override
            public void memberAdded(com.hazelcast.cluster.MembershipEvent event) {
                alive = membership.nodes();
            }

            @Override
            public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
                alive = membership.nodes();
            }
        });
        // publish this node's routes (those of sessions recovered at start-up are replayed now)
        localTopics.routeListener(this);
    }

    private static String key(String node, String filter, String group) {
        return node + SEP + (group == null ? "" : group) + SEP + filter;
    }

    private void apply(String key, boolean added) {
        String[] parts = key.split(SEP, 3);
        String node = parts[0];
        String group = parts[1].isEmpty() ? null : parts[1];
        String filter = parts[2];
        if (added) {
            routes.subscribe(new Subscription(node, filter, group, 2, false, true, 0, 0));
        } else {
            routes.unsubscribe(node, filter, group);
        }
    }

    private void nodeLeft(String node) {
        for (Subscription s : routes.subscriptionsOf(node)) {
            routes.unsubscribe(node, s.filter(), s.shareGroup());
        }
        NodeLink link = links.remove(node);
        if (link != null) {
            link.nodeGone();
        }
        if (membership.isOldest()) {
            // the routes of a node that crashed are nobody's to remove but the survivors'
            table.keySet().stream().filter(k -> k.startsWith(node + SEP)).forEach(table::remove);
        }
    }

    /**
     * Route changes are written by a thread of their own, in order: a replicated map's put and remove wait for the
     * cluster, and they are called on event loops (SUBSCRIBE, UNSUBSCRIBE, session moves).
     */
    private final java.util.concurrent.ExecutorService tableWriter = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "kin-route-table");
                t.setDaemon(true);
                return t;
            });

    @Override
    public void routeAdded(String filter, String shareGroup) {
        String key = key(membership.nodeId(), filter, shareGroup);
        String node = membership.nodeId();
        tableWriter.execute(() -> write(() -> table.put(key, node)));
    }

    @Override
    public void routeRemoved(String filter, String shareGroup) {
        String key = key(membership.nodeId(), filter, shareGroup);
        tableWriter.execute(() -> write(() -> table.remove(key)));
    }

    private static void write(Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            LOG.warnf("route table change failed: %s", e.toString());
        }
    }

    @Override
    public boolean active() {
        return table != null;
    }

    @Override
    public int route(Message message, BiConsumer<String, String> localShared, Consumer<Future<Void>> pending) {
        String self = membership.nodeId();
        Set<String> nodes = new LinkedHashSet<>();
        Map<String, List<String[]>> sharedFor = new HashMap<>();
        Set<String> up = alive;
        routes.match(message.topic(), s -> {
            if (!s.clientId().equals(self)) {
                nodes.add(s.clientId());
            }
        }, group -> {
            Subscription node = group.pick(message.publisherClientId(), up::contains);
            if (node == null) {
                return;
            }
            if (node.clientId().equals(self)) {
                localShared.accept(group.name(), group.filter());
            } else {
                nodes.add(node.clientId());
                sharedFor.computeIfAbsent(node.clientId(), n -> new ArrayList<>())
                        .add(new String[]{group.name(), group.filter()});
            }
        });
        for (String node : nodes) {
            NodeLink link = links.computeIfAbsent(node, n -> new NodeLink(n, membership));
            Future<Void> forwarded = link.send(message, sharedFor.getOrDefault(node, List.of()));
            if (message.qos() > 0) {
                pending.accept(forwarded);
            } else {
                forwarded.onFailure(e -> LOG.debugf("QoS 0 message to node %s lost: %s", node, e.toString()));
            }
        }
        return nodes.size();
    }

    /** Completes once every message forwarded to {@code node} so far has been handled there. */
    public Future<Void> drainedTo(String node) {
        NodeLink link = links.get(node);
        return link == null ? Future.succeededFuture() : link.drained();
    }

    /** Whether this node knows that {@code node} has subscribers for the filter (the route has reached it). */
    public boolean knowsRoute(String node, String filter, String shareGroup) {
        for (Subscription s : routes.subscriptionsOf(node)) {
            if (s.filter().equals(filter) && java.util.Objects.equals(s.shareGroup(), shareGroup)) {
                return true;
            }
        }
        return false;
    }

    /** Nodes with a route matching the topic (admin and tests). */
    public Set<String> nodesFor(String topic) {
        Set<String> nodes = new LinkedHashSet<>();
        routes.match(topic, s -> nodes.add(s.clientId()), g -> g.members().forEach(m -> nodes.add(m.clientId())));
        return nodes;
    }
}

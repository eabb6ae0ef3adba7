package io.kin.broker.routing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The subscription index. Filters without wildcards (most of them in a device fleet) sit in one hash map by their
 * whole text, so they cost a topic one lookup; filters with wildcards sit in a trie with one node per level, so
 * matching visits only the branches that can match (the literal level, {@code +} and {@code #}). Keeping the exact
 * filters out of the trie keeps it small enough to stay in the CPU caches: at a million subscriptions, following a
 * trie level costs several cache misses, which is what dominates matching.
 * <p>
 * Threading: {@link #match} and the other readers take no lock and may run on every event loop at once. Every
 * field a reader follows is volatile or a {@link ConcurrentHashMap}, and a node is fully built before it is linked
 * in, so a reader sees either the old or the new state of each node. A match that runs during a change may or may
 * not see that change, which is the same as the message having been published a moment earlier or later. Writers
 * ({@link #subscribe}, {@link #unsubscribe}) serialise on one lock.
 * <p>
 * {@link #subscriptionsOf} is backed by a per-client index kept under the writers' lock (one map entry per
 * subscription), so session takeover and admin listing cost O(that client's subscriptions), not O(all).
 */
public final class TopicTree {

    private static final SharedGroup[] NO_GROUPS = new SharedGroup[0];

    private final DispatchStrategy strategy;
    private final Node root = new Node();
    /** Nodes of the filters without wildcards, by filter; a node leaves when it holds nothing. */
    private final ConcurrentHashMap<String, Node> exact = new ConcurrentHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    /** clientId to that client's subscriptions; guarded by {@link #writeLock}. */
    private final Map<String, Map<SubscriptionKey, Subscription>> byClient = new HashMap<>();
    private volatile int subscriptionCount;

    /** Subscribers per (filter, share group) on this tree: a route exists while the count is above 0. */
    private final Map<SubscriptionKey, Integer> routes = new HashMap<>();
    private volatile RouteListener routeListener = RouteListener.NONE;

    /** Who hears about routes appearing and disappearing (the cluster); replays the routes that exist now. */
    public void routeListener(RouteListener listener) {
        writeLock.lock();
        try {
            routeListener = listener;
            routes.keySet().forEach(k -> listener.routeAdded(k.filter(), k.shareGroup()));
        } finally {
            writeLock.unlock();
        }
    }

    public TopicTree(DispatchStrategy strategy) {
        this.strategy = strategy;
    }

    /**
     * Adds the subscription, or replaces the one with the same client id, filter and share group.
     *
     * @return whether a subscription with that key already existed (retain handling 1 sends retained messages
     *         only for new subscriptions)
     * @throws InvalidTopicFilterException when the filter is not valid
     */
    public boolean subscribe(Subscription s) {
        if (!TopicNames.isValidFilter(s.filter())) {
            throw new InvalidTopicFilterException("topic filter '" + s.filter() + "' is not valid");
        }
        writeLock.lock();
        try {
            Node node = nodeForWrite(s.filter());
            boolean existed = s.isShared() ? node.addToGroup(s, strategy) : node.putDirect(s);
            byClient.computeIfAbsent(s.clientId(), id -> new LinkedHashMap<>())
                    .put(new SubscriptionKey(s.filter(), s.shareGroup()), s);
            if (!existed) {
                subscriptionCount++;
                SubscriptionKey key = new SubscriptionKey(s.filter(), s.shareGroup());
                if (routes.merge(key, 1, Integer::sum) == 1) {
                    routeListener.routeAdded(s.filter(), s.shareGroup());
                }
            }
            return existed;
        } finally {
            writeLock.unlock();
        }
    }

    private Node nodeForWrite(String filter) {
        if (!TopicNames.hasWildcards(filter)) {
            Node node = exact.get(filter);
            if (node == null) {
                node = new Node();
                exact.put(filter, node);
            }
            return node;
        }
        Node node = root;
        for (String level : TopicLevels.split(filter)) {
            node = node.childForWrite(level);
        }
        return node;
    }

    /**
     * Removes the subscription with this key and the trie nodes it leaves empty.
     *
     * @param shareGroup the group of a shared subscription, {@code null} for a plain one
     * @return whether it existed
     */
    public boolean unsubscribe(String clientId, String filter, String shareGroup) {
        writeLock.lock();
        try {
            if (!removeFromNode(clientId, filter, shareGroup)) {
                return false;
            }
            Map<SubscriptionKey, Subscription> ofClient = byClient.get(clientId);
            if (ofClient != null) {
                ofClient.remove(new SubscriptionKey(filter, shareGroup));
                if (ofClient.isEmpty()) {
                    byClient.remove(clientId);
                }
            }
            subscriptionCount--;
            SubscriptionKey key = new SubscriptionKey(filter, shareGroup);
            if (routes.merge(key, -1, Integer::sum) <= 0) {
                routes.remove(key);
                routeListener.routeRemoved(filter, shareGroup);
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /** Removes the subscription from its node, and the node (and the trie nodes above it) once empty. */
    private boolean removeFromNode(String clientId, String filter, String shareGroup) {
        if (!TopicNames.hasWildcards(filter)) {
            Node node = exact.get(filter);
            if (node == null || !node.remove(clientId, shareGroup)) {
                return false;
            }
            if (node.isEmpty()) {
                exact.remove(filter);
            }
            return true;
        }
        String[] levels = TopicLevels.split(filter);
        Node[] path = new Node[levels.length + 1];
        path[0] = root;
        for (int i = 0; i < levels.length; i++) {
            Node next = path[i].childIfPresent(levels[i]);
            if (next == null) {
                return false;
            }
            path[i + 1] = next;
        }
        if (!path[levels.length].remove(clientId, shareGroup)) {
            return false;
        }
        for (int i = levels.length; i > 0 && path[i].isEmpty(); i--) {
            path[i - 1].removeChild(levels[i - 1]);
        }
        return true;
    }

    /**
     * Finds who gets a message published to {@code topic}.
     *
     * @param direct called for every matching non-shared subscription; a client whose filters overlap is reported
     *               once per filter, and the caller merges them (MQTT 5 section 3.3.4)
     * @param shared called once for every matching shared subscription group; the caller picks the member
     */
    public void match(String topic, Consumer<Subscription> direct, Consumer<SharedGroup> shared) {
        Node same = exact.get(topic);
        if (same != null) {
            same.report(direct, shared);
        }
        int end = topic.length() + 1; // the position after the last level
        // [MQTT-4.7.2-1] a filter starting with a wildcard does not match a topic starting with $
        boolean dollarTopic = !topic.isEmpty() && topic.charAt(0) == '$';
        // levels are looked up in place, not cut out of the topic: no allocation per level
        LevelSlice level = new LevelSlice(topic);
        // explicit stack instead of recursion: a filter may have thousands of levels. Each entry is a node and the
        // position in the topic where the next level to match starts
        Node[] nodes = new Node[16];
        int[] positions = new int[16];
        int top = 0;
        nodes[top] = root;
        positions[top++] = 0;
        while (top > 0) {
            Node node = nodes[--top];
            int from = positions[top];
            if (from == end) {
                node.report(direct, shared);
                Node hash = node.hashChild;
                if (hash != null) {
                    hash.report(direct, shared); // "a/#" matches "a"
                }
                continue;
            }
            boolean wildcardsAllowed = from > 0 || !dollarTopic;
            if (wildcardsAllowed) {
                Node hash = node.hashChild;
                if (hash != null) {
                    hash.report(direct, shared);
                }
            }
            int to = topic.indexOf('/', from);
            if (to < 0) {
                to = topic.length();
            }
            if (top + 2 > nodes.length) {
                nodes = Arrays.copyOf(nodes, nodes.length * 2);
                positions = Arrays.copyOf(positions, positions.length * 2);
            }
            if (wildcardsAllowed) {
                Node plus = node.plusChild;
                if (plus != null) {
                    nodes[top] = plus;
                    positions[top++] = to + 1;
                }
            }
            ConcurrentHashMap<String, Node> children = node.children;
            if (children != null) {
                Node literal = children.get(level.of(from, to));
                if (literal != null) {
                    nodes[top] = literal;
                    positions[top++] = to + 1;
                }
            }
        }
    }

    /** The shared subscription group {@code group} on {@code filter} (without the prefix), or {@code null}. */
    public SharedGroup sharedGroup(String group, String filter) {
        if (!TopicNames.hasWildcards(filter)) {
            Node node = exact.get(filter);
            return node == null ? null : node.group(group);
        }
        Node node = root;
        for (String level : TopicLevels.split(filter)) {
            node = node.childIfPresent(level);
            if (node == null) {
                return null;
            }
        }
        return node.group(group);
    }

    /** All subscriptions, shared group members included. */
    public int subscriptionCount() {
        return subscriptionCount;
    }

    /** The client's subscriptions in the order they were first made; O(their number), from the per-client index. */
    public List<Subscription> subscriptionsOf(String clientId) {
        writeLock.lock();
        try {
            Map<SubscriptionKey, Subscription> ofClient = byClient.get(clientId);
            return ofClient == null ? List.of() : List.copyOf(ofClient.values());
        } finally {
            writeLock.unlock();
        }
    }

    /** Exact-filter nodes plus trie nodes below the root, by walking them all; shows that unsubscribing prunes. */
    int nodeCount() {
        int count = 0;
        ArrayDeque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            ConcurrentHashMap<String, Node> children = node.children;
            if (children != null) {
                children.values().forEach(pending::push);
            }
            if (node.plusChild != null) {
                pending.push(node.plusChild);
            }
            if (node.hashChild != null) {
                pending.push(node.hashChild);
            }
            count++;
        }
        return exact.size() + count - 1;
    }

    private record SubscriptionKey(String filter, String shareGroup) {
    }

    /**
     * One filter level. Readers follow {@link #children}, {@link #plusChild} and {@link #hashChild} and read
     * {@link #direct} and {@link #groups} without locking; only the tree's writer changes them.
     */
    private static final class Node {
        /** Literal next levels; created on first use because most nodes are leaves. */
        volatile ConcurrentHashMap<String, Node> children;
        /** Wildcard next levels kept apart, so matching needs no map lookup for them. */
        volatile Node plusChild;
        volatile Node hashChild;
        /** Non-shared subscriptions ending here; null while there are none. */
        volatile DirectSubscribers direct;
        /** Shared groups on the filter ending here; few per filter, so an array replaced on change. */
        volatile SharedGroup[] groups = NO_GROUPS;

        void report(Consumer<Subscription> directConsumer, Consumer<SharedGroup> sharedConsumer) {
            DirectSubscribers d = direct;
            if (d != null) {
                d.forEach(directConsumer);
            }
            for (SharedGroup g : groups) {
                sharedConsumer.accept(g);
            }
        }

        Node childIfPresent(String level) {
            if (level.equals("+")) {
                return plusChild;
            }
            if (level.equals("#")) {
                return hashChild;
            }
            ConcurrentHashMap<String, Node> c = children;
            return c == null ? null : c.get(level);
        }

        Node childForWrite(String level) {
            Node existing = childIfPresent(level);
            if (existing != null) {
                return existing;
            }
            Node created = new Node();
            if (level.equals("+")) {
                plusChild = created;
            } else if (level.equals("#")) {
                hashChild = created;
            } else {
                ConcurrentHashMap<String, Node> c = children;
                if (c == null) {
                    c = new ConcurrentHashMap<>(2);
                    children = c;
                }
                c.put(level, created);
            }
            return created;
        }

        void removeChild(String level) {
            if (level.equals("+")) {
                plusChild = null;
            } else if (level.equals("#")) {
                hashChild = null;
            } else {
                ConcurrentHashMap<String, Node> c = children;
                if (c != null) {
                    c.remove(level);
                    if (c.isEmpty()) {
                        children = null;
                    }
                }
            }
        }

        boolean putDirect(Subscription s) {
            DirectSubscribers d = direct;
            if (d == null) {
                d = new DirectSubscribers();
                d.put(s);
                direct = d; // linked in once it holds the subscription
                return false;
            }
            return d.put(s);
        }

        boolean removeDirect(String clientId) {
            DirectSubscribers d = direct;
            if (d == null || !d.remove(clientId)) {
                return false;
            }
            if (d.isEmpty()) {
                direct = null;
            }
            return true;
        }

        SharedGroup group(String name) {
            for (SharedGroup g : groups) {
                if (g.name().equals(name)) {
                    return g;
                }
            }
            return null;
        }

        boolean addToGroup(Subscription s, DispatchStrategy strategy) {
            SharedGroup g = group(s.shareGroup());
            if (g != null) {
                return g.add(s);
            }
            g = new SharedGroup(s.shareGroup(), s.filter(), strategy);
            g.add(s); // a member before readers can see the group
            SharedGroup[] current = groups;
            SharedGroup[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = g;
            groups = next;
            return false;
        }

        boolean removeFromGroup(String clientId, String groupName) {
            SharedGroup g = group(groupName);
            if (g == null || !g.remove(clientId)) {
                return false;
            }
            if (g.size() == 0) {
                List<SharedGroup> kept = new ArrayList<>(List.of(groups));
                kept.remove(g);
                groups = kept.toArray(NO_GROUPS);
            }
            return true;
        }

        boolean remove(String clientId, String shareGroup) {
            return shareGroup == null ? removeDirect(clientId) : removeFromGroup(clientId, shareGroup);
        }

        boolean isEmpty() {
            return direct == null && groups.length == 0 && children == null && plusChild == null
                    && hashChild == null;
        }
    }
}

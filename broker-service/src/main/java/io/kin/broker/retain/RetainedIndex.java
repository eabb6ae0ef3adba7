package io.kin.broker.retain;

import io.kin.broker.message.Message;
import io.kin.broker.routing.TopicLevels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The retained messages held in memory, one per topic (MQTT section 3.3.1.3), as a trie by topic level so that a
 * new subscription's filter walks only the branches it can match.
 * <p>
 * Threading: readers ({@link #get}, {@link #match}, {@link #forEach}) take no lock; writers serialise on one lock.
 * Nodes are fully built before they are linked in, and every link is volatile or a {@link ConcurrentHashMap}.
 * <p>
 * The index does not look at expiry: callers skip messages whose {@link Message#isExpired} is true.
 */
public final class RetainedIndex {

    private final Node root = new Node();
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile int size;

    /** Retains {@code m} for its topic, replacing the previous one; an empty payload removes it instead. */
    public void put(Message m) {
        if (m.payload().length == 0) {
            remove(m.topic());
            return;
        }
        String[] levels = TopicLevels.split(m.topic());
        writeLock.lock();
        try {
            Node node = root;
            for (String level : levels) {
                node = node.childForWrite(level);
            }
            if (node.message == null) {
                size++;
            }
            node.message = m;
        } finally {
            writeLock.unlock();
        }
    }

    /** The message retained for exactly this topic, or {@code null}. */
    public Message get(String topic) {
        Node node = root;
        for (String level : TopicLevels.split(topic)) {
            node = node.child(level);
            if (node == null) {
                return null;
            }
        }
        return node.message;
    }

    /** Removes the message retained for this topic; returns whether there was one. */
    public boolean remove(String topic) {
        String[] levels = TopicLevels.split(topic);
        writeLock.lock();
        try {
            Node[] path = new Node[levels.length + 1];
            path[0] = root;
            for (int i = 0; i < levels.length; i++) {
                Node next = path[i].child(levels[i]);
                if (next == null) {
                    return false;
                }
                path[i + 1] = next;
            }
            Node node = path[levels.length];
            if (node.message == null) {
                return false;
            }
            node.message = null;
            size--;
            for (int i = levels.length; i > 0 && path[i].isEmpty(); i--) {
                path[i - 1].removeChild(levels[i - 1]);
            }
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The retained messages whose topics match {@code filter} (without any {@code $share/} prefix).
     * {@code a/#} matches {@code a} itself, and a filter starting with a wildcard matches no topic starting with
     * {@code $} [MQTT-4.7.2-1].
     */
    public List<Message> match(String filter) {
        String[] levels = TopicLevels.split(filter);
        List<Message> found = new ArrayList<>();
        ArrayDeque<Step> pending = new ArrayDeque<>();
        pending.push(new Step(root, 0));
        while (!pending.isEmpty()) {
            Step step = pending.pop();
            Node node = step.node();
            int i = step.consumed();
            if (i == levels.length) {
                addIfRetained(node, found);
                continue;
            }
            String level = levels[i];
            boolean atRoot = i == 0;
            if (level.equals("#")) {
                if (!atRoot) {
                    addIfRetained(node, found); // "a/#" matches "a"
                }
                collectBelow(node, atRoot, found);
            } else if (level.equals("+")) {
                Map<String, Node> children = node.children;
                if (children != null) {
                    for (Map.Entry<String, Node> e : children.entrySet()) {
                        if (!(atRoot && e.getKey().startsWith("$"))) {
                            pending.push(new Step(e.getValue(), i + 1));
                        }
                    }
                }
            } else {
                Node next = node.child(level);
                if (next != null) {
                    pending.push(new Step(next, i + 1));
                }
            }
        }
        return found;
    }

    public int size() {
        return size;
    }

    /** Every retained message, in no particular order. */
    public void forEach(Consumer<Message> action) {
        ArrayDeque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            Message m = node.message;
            if (m != null) {
                action.accept(m);
            }
            Map<String, Node> children = node.children;
            if (children != null) {
                children.values().forEach(pending::push);
            }
        }
    }

    /** Trie nodes below the root, by walking them all; shows that removal prunes. For tests. */
    int nodeCount() {
        int count = 0;
        ArrayDeque<Node> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            Map<String, Node> children = node.children;
            if (children != null) {
                children.values().forEach(pending::push);
            }
            count++;
        }
        return count - 1;
    }

    private static void addIfRetained(Node node, List<Message> found) {
        Message m = node.message;
        if (m != null) {
            found.add(m);
        }
    }

    /** Adds every message in the subtrees under {@code node}; at the root, {@code $} topics are left out. */
    private static void collectBelow(Node node, boolean atRoot, List<Message> found) {
        ArrayDeque<Node> pending = new ArrayDeque<>();
        Map<String, Node> top = node.children;
        if (top == null) {
            return;
        }
        for (Map.Entry<String, Node> e : top.entrySet()) {
            if (!(atRoot && e.getKey().startsWith("$"))) {
                pending.push(e.getValue());
            }
        }
        while (!pending.isEmpty()) {
            Node n = pending.pop();
            addIfRetained(n, found);
            Map<String, Node> children = n.children;
            if (children != null) {
                children.values().forEach(pending::push);
            }
        }
    }

    /** A node reached while matching, after {@code consumed} filter levels. */
    private record Step(Node node, int consumed) {
    }

    /** One topic level; the writer changes it, readers follow it without locking. */
    private static final class Node {
        volatile ConcurrentHashMap<String, Node> children;
        volatile Message message;

        Node child(String level) {
            ConcurrentHashMap<String, Node> c = children;
            return c == null ? null : c.get(level);
        }

        Node childForWrite(String level) {
            ConcurrentHashMap<String, Node> c = children;
            if (c == null) {
                c = new ConcurrentHashMap<>(2);
                children = c;
            }
            Node existing = c.get(level);
            if (existing != null) {
                return existing;
            }
            Node created = new Node();
            c.put(level, created);
            return created;
        }

        void removeChild(String level) {
            ConcurrentHashMap<String, Node> c = children;
            if (c != null) {
                c.remove(level);
                if (c.isEmpty()) {
                    children = null;
                }
            }
        }

        boolean isEmpty() {
            return message == null && children == null;
        }
    }
}

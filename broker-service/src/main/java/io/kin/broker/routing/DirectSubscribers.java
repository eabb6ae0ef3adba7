package io.kin.broker.routing;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The non-shared subscriptions ending at one topic tree node, laid out for matching: readers walk a plain array
 * (no iterator, no hash table entries to chase), which is what keeps a match fast when the tree no longer fits in the
 * CPU caches. Writers (the tree's single writer at a time) append into spare capacity, so a node with many
 * subscribers does not copy its array per subscribe; a removal clears its slot and the array is compacted once half
 * of it is empty, so mass unsubscribes stay linear.
 * <p>
 * Threading: readers take {@link #snapshot()} (a volatile read) and see the slots below its size. A slot written
 * after that snapshot is either above its size (an append) or a cleared or replaced slot — a reader sees the old or
 * the new value, as if the message were routed a moment earlier or later. A compaction builds a new array, so a
 * reader on the old one is unaffected.
 */
final class DirectSubscribers {

    /** Below this many subscribers a linear scan finds a client faster than an index and costs no memory. */
    private static final int INDEX_FROM = 8;

    private record Snapshot(Subscription[] slots, int size) {
    }

    private static final Snapshot EMPTY = new Snapshot(new Subscription[0], 0);

    private volatile Snapshot snapshot = EMPTY;
    /** Live subscriptions (slots in use minus cleared ones); writer only. */
    private int live;
    /** client id to slot, built once the node grows past {@link #INDEX_FROM}; writer only. */
    private Map<String, Integer> index;

    /** Calls {@code consumer} for every subscription; safe on any thread without locking. */
    void forEach(Consumer<Subscription> consumer) {
        Snapshot s = snapshot;
        Subscription[] slots = s.slots;
        for (int i = 0, n = s.size; i < n; i++) {
            Subscription sub = slots[i];
            if (sub != null) {
                consumer.accept(sub);
            }
        }
    }

    int size() {
        return live;
    }

    boolean isEmpty() {
        return live == 0;
    }

    /** Adds or replaces the client's subscription; returns whether one existed. Writer only. */
    boolean put(Subscription sub) {
        Snapshot s = snapshot;
        int at = slotOf(s, sub.clientId());
        if (at >= 0) {
            s.slots[at] = sub;
            snapshot = new Snapshot(s.slots, s.size); // publishes the replaced slot
            return true;
        }
        Subscription[] slots = s.slots;
        if (s.size == slots.length) {
            slots = Arrays.copyOf(slots, Math.max(2, slots.length * 2));
        }
        slots[s.size] = sub;
        if (index != null) {
            index.put(sub.clientId(), s.size);
        }
        live++;
        snapshot = new Snapshot(slots, s.size + 1);
        if (index == null && live > INDEX_FROM) {
            buildIndex();
        }
        return false;
    }

    /** Removes the client's subscription; returns whether it existed. Writer only. */
    boolean remove(String clientId) {
        Snapshot s = snapshot;
        int at = slotOf(s, clientId);
        if (at < 0) {
            return false;
        }
        live--;
        if (index != null) {
            index.remove(clientId);
        }
        if (live == 0) {
            index = null;
            snapshot = EMPTY;
        } else if (at == s.size - 1) {
            s.slots[at] = null;
            snapshot = new Snapshot(s.slots, s.size - 1);
        } else if (live * 2 < s.size) {
            compact(s, at);
        } else {
            s.slots[at] = null;
            snapshot = new Snapshot(s.slots, s.size);
        }
        return true;
    }

    private int slotOf(Snapshot s, String clientId) {
        if (index != null) {
            Integer at = index.get(clientId);
            return at == null ? -1 : at;
        }
        Subscription[] slots = s.slots;
        for (int i = 0; i < s.size; i++) {
            Subscription sub = slots[i];
            if (sub != null && sub.clientId().equals(clientId)) {
                return i;
            }
        }
        return -1;
    }

    /** Copies the live subscriptions except the one at {@code skip} into a new array of twice their number. */
    private void compact(Snapshot s, int skip) {
        Subscription[] slots = new Subscription[Math.max(2, live * 2)];
        int n = 0;
        for (int i = 0; i < s.size; i++) {
            Subscription sub = s.slots[i];
            if (sub != null && i != skip) {
                slots[n++] = sub;
            }
        }
        snapshot = new Snapshot(slots, n);
        if (index != null) {
            if (live > INDEX_FROM) {
                buildIndex();
            } else {
                index = null;
            }
        }
    }

    private void buildIndex() {
        Snapshot s = snapshot;
        Map<String, Integer> built = new HashMap<>(live * 2);
        for (int i = 0; i < s.size; i++) {
            Subscription sub = s.slots[i];
            if (sub != null) {
                built.put(sub.clientId(), i);
            }
        }
        index = built;
    }
}

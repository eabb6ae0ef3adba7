package io.kin.broker.store;

import java.util.HashSet;
import java.util.Set;

/** A bounded set of the most recently added ids: remembers the last {@code capacity}, forgets older ones. */
final class RecentIds {

    private final long[] ring;
    private final Set<Long> present;
    private int next;
    private int size;

    RecentIds(int capacity) {
        this.ring = new long[capacity];
        this.present = new HashSet<>(capacity * 2);
    }

    /** Adds the id; false when it was already among the recent ones. */
    synchronized boolean add(long id) {
        if (!present.add(id)) {
            return false;
        }
        if (size == ring.length) {
            present.remove(ring[next]);
        } else {
            size++;
        }
        ring[next] = id;
        next = (next + 1) % ring.length;
        return true;
    }
}

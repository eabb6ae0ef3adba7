package io.kin.broker.message;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids unique across the nodes of a cluster and across restarts, and increasing within a node:
 * 41 bits of milliseconds since 2024, 10 bits of node, 12 bits of sequence (4096 per millisecond; a burst beyond
 * that borrows the next millisecond).
 */
public final class MessageIds {

    private static final long EPOCH = 1_704_067_200_000L; // 2024-01-01T00:00:00Z
    private static final AtomicLong STATE = new AtomicLong(); // (millis << 12) | sequence
    private static volatile long node;

    private MessageIds() {
    }

    /** Called once at start-up with this node's name. */
    public static void configureNode(String nodeId) {
        node = (nodeId.hashCode() & 0x3FF);
    }

    public static long next() {
        long now = (System.currentTimeMillis() - EPOCH) << 12;
        long state;
        long candidate;
        do {
            state = STATE.get();
            candidate = Math.max(state + 1, now);
        } while (!STATE.compareAndSet(state, candidate));
        long millis = candidate >>> 12;
        long sequence = candidate & 0xFFF;
        return (millis << 22) | (node << 12) | sequence;
    }
}

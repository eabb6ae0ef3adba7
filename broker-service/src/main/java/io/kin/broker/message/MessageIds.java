package io.kin.broker.message;

import java.util.concurrent.atomic.AtomicLong;

/** Message ids: increasing within a node, and unlikely to repeat across restarts (seeded from the clock). */
public final class MessageIds {

    private static final AtomicLong NEXT = new AtomicLong(System.currentTimeMillis() << 16);

    private MessageIds() {
    }

    public static long next() {
        return NEXT.incrementAndGet();
    }
}

package io.kin.broker.session;

import io.netty.util.concurrent.FastThreadLocal;

/**
 * QoS 0 back-pressure between a subscriber that cannot take more and the client publishing to it. A publish is
 * routed synchronously on its publisher's event loop, so while it is routed that thread knows who published it: a
 * session that hands a QoS 0 message to a connection whose socket is not writable asks that publisher to stop
 * reading until the subscriber is writable again (as TCP slows a sender down), instead of the message being lost.
 * Only when the subscriber's unsent bytes pass the write-buffer bound is a QoS 0 message dropped.
 *
 * <p>Messages routed with no publisher on the thread (a will, $SYS, a forwarded cluster batch) pause nobody.
 */
public final class PublisherFlow {

    /** A publishing connection that can stop reading until a subscriber catches up. */
    public interface Publisher {
        /** The subscriber could not take the message just written to it without queueing: pause until it can. */
        void waitFor(SessionConnection subscriber);
    }

    private static final FastThreadLocal<Publisher> CURRENT = new FastThreadLocal<>();

    private PublisherFlow() {
    }

    /** Marks {@code publisher} as the one whose message this thread routes, until {@link #done()}. */
    public static void publishing(Publisher publisher) {
        CURRENT.set(publisher);
    }

    public static void done() {
        CURRENT.set(null);
    }

    /** Tells the publisher being routed on this thread, if any, that {@code subscriber} is falling behind. */
    static void subscriberBusy(SessionConnection subscriber) {
        Publisher p = CURRENT.get();
        if (p != null) {
            p.waitFor(subscriber);
        }
    }
}

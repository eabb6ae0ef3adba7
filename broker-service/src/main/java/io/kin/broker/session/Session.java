package io.kin.broker.session;

import io.kin.broker.routing.Subscription;
import io.vertx.core.Future;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The state of one client's session: its subscriptions, the QoS 1/2 messages in flight towards it (by packet id,
 * in send order), the messages queued behind them, and the QoS 2 packet ids it has sent us and not yet released.
 *
 * <p>A persistent session (one with a {@link SessionStore}) writes each QoS 1/2 message to the store before it is
 * sent, so nothing it was given is lost on a crash; each message's place in the queue ({@code seq}) also gives its
 * packet identifier, so a message keeps its identifier across a restart without a write per send. A clean session
 * never touches the store.
 *
 * <p>Every method is synchronized: a session is touched by its connection's event loop, by whichever event loop
 * routes a message to it and by store completions; contention is rare, and one lock keeps the window, the queue and
 * the packet ids consistent.
 */
public final class Session {

    private static final Logger LOG = Logger.getLogger(Session.class);

    /** How a full queue makes room. */
    public enum Overflow { DROP_OLDEST, DROP_NEWEST }

    /**
     * @param backpressureAt queue length at which a connected session holds back its publishers' acknowledgements
     *                       until it has drained to half of it; 0 = never (the queue bound and its policy decide)
     */
    public record Limits(int maxInflight, int maxQueued, Overflow overflow, int backpressureAt) {
    }

    /** A QoS 1/2 message in this session's queue or window. */
    private static final class Entry {
        final long seq;
        final Delivery delivery;
        boolean durable;  // in the store (always true for a clean session)
        boolean resend;   // may have reached the client before: send with DUP
        boolean released; // PUBREC received: waiting for PUBCOMP
        boolean started;  // sent to a connection: onward delivery started, so it is resent as it was
        boolean dropped;  // dropped before its store write completed: remove it once written

        Entry(long seq, Delivery delivery, boolean durable) {
            this.seq = seq;
            this.delivery = delivery;
            this.durable = durable;
        }
    }

    private final String clientId;
    private final Limits limits;
    private final SessionListener listener;
    private final LongSupplier clock;

    private SessionStore store;
    private SessionConnection connection;
    private String username;
    private long expiryIntervalSeconds;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final LinkedHashMap<Integer, Entry> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private final Set<Integer> inboundQos2 = new HashSet<>();
    /**
     * A new session's queue sequence starts above every earlier session of the same client id (milliseconds since
     * the epoch, shifted), so a (client id, seq) key is never used twice: the store may then reorder one row's
     * writes against another row's (group commit stages). It is 1 modulo 65535, so the first packet id is still 1.
     */
    private long nextSeq = (System.currentTimeMillis() << 16) / 65535 * 65535 + 1;
    private long disconnectedAt;
    /** Completes when the queue has drained below half the back-pressure mark; null while not held back. */
    private io.vertx.core.Promise<Void> drained;

    public Session(String clientId, Limits limits, SessionListener listener, LongSupplier clock) {
        this.clientId = clientId;
        this.limits = limits;
        this.listener = listener;
        this.clock = clock;
    }

    public String clientId() {
        return clientId;
    }

    public synchronized String username() {
        return username;
    }

    public synchronized boolean isConnected() {
        return connection != null;
    }

    public synchronized SessionConnection connection() {
        return connection;
    }

    public synchronized long expiryIntervalSeconds() {
        return expiryIntervalSeconds;
    }

    public synchronized void expiryIntervalSeconds(long seconds) {
        this.expiryIntervalSeconds = seconds;
    }

    /** Epoch millis of the last disconnect, 0 while connected. */
    public synchronized long disconnectedAt() {
        return disconnectedAt;
    }

    public synchronized boolean isPersistent() {
        return store != null;
    }

    /** The store that keeps this session, or null for a clean session. */
    public synchronized SessionStore store() {
        return store;
    }

    /**
     * Makes the session persistent from now on: what it holds is written to the store (the caller has stored the
     * session row first; the store keeps submission order).
     */
    public synchronized Future<Void> persistTo(SessionStore newStore) {
        if (store != null) {
            return Future.succeededFuture();
        }
        store = newStore;
        List<Future<Void>> writes = new ArrayList<>();
        subscriptions.forEach((raw, s) -> writes.add(newStore.subscribed(clientId, raw, s)));
        for (Entry e : inflight.values()) {
            writes.add(newStore.enqueued(clientId, e.seq, e.delivery));
        }
        for (Entry e : queue) {
            writes.add(newStore.enqueued(clientId, e.seq, e.delivery));
        }
        return Future.all(writes).mapEmpty();
    }

    /** Restores a session found in the store at start-up: everything queued may have been sent, so DUP is set. */
    public synchronized void restore(SessionStore.StoredSession stored, SessionStore from) {
        this.store = from;
        this.username = stored.username();
        this.expiryIntervalSeconds = stored.expirySeconds();
        this.disconnectedAt = stored.disconnectedAt();
        for (SessionStore.StoredSubscription s : stored.subscriptions()) {
            subscriptions.put(s.rawFilter(), s.subscription());
        }
        for (SessionStore.StoredDelivery d : stored.queue()) {
            Entry e = new Entry(d.seq(), d.delivery(), true);
            e.resend = true;
            e.released = d.released();
            queue.addLast(e);
            nextSeq = Math.max(nextSeq, d.seq() + 1);
        }
        inboundQos2.addAll(stored.inboundQos2());
    }

    // ---- connection lifecycle -------------------------------------------------------------------------------

    /**
     * Attaches a new connection and resends what the previous one left unacknowledged: PUBLISH with DUP set, or
     * PUBREL for QoS 2 messages already received [MQTT-4.4.0-1], then what was queued. The new connection may allow
     * fewer messages in flight than the old one held (a smaller Receive Maximum): only as many as its window takes
     * are resent now; the rest go back to the head of the queue, in order, and are resent as acknowledgements free
     * slots [MQTT-3.3.4-9].
     */
    public synchronized void attach(SessionConnection newConnection, String newUsername) {
        this.connection = newConnection;
        this.username = newUsername;
        this.disconnectedAt = 0;
        int window = window();
        int resent = 0;
        ArrayDeque<Entry> waiting = new ArrayDeque<>();
        for (Iterator<Map.Entry<Integer, Entry>> it = inflight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Entry> e = it.next();
            Entry f = e.getValue();
            if (resent >= window) {
                it.remove();
                waiting.addLast(f);
            } else if (resend(e.getKey(), f)) {
                resent++;
            } else {
                it.remove();
            }
        }
        for (Iterator<Entry> it = waiting.descendingIterator(); it.hasNext(); ) {
            queue.addFirst(it.next());
        }
        pump();
    }

    /**
     * Sends a message again that an earlier connection was given: PUBREL once the client received it, else PUBLISH
     * with DUP (even past its expiry: its onward delivery had started). False when it was dropped instead.
     */
    private boolean resend(int packetId, Entry f) {
        if (f.released) {
            connection.sendPubrel(packetId);
            return true;
        }
        if (connection.sendPublish(f.delivery, packetId, true)) {
            return true;
        }
        // too large for the new connection: discarded as if sent, so it frees its slot [MQTT-3.1.2-25]
        forget(f);
        listener.dropped(clientId, f.delivery, SessionListener.DropReason.TOO_LARGE);
        return false;
    }

    /** Detaches the connection if it is still the attached one; returns whether it was. */
    public synchronized boolean detach(SessionConnection closing) {
        if (connection != closing) {
            return false;
        }
        connection = null;
        disconnectedAt = clock.getAsLong();
        releaseHeldPublishers(); // nobody waits for a client that left
        return true;
    }

    // ---- outgoing messages ----------------------------------------------------------------------------------

    /**
     * A message for this session: sent now when the window allows, queued otherwise. The future completes once
     * the message is durable (at once for a clean session or QoS 0): only then may its publisher be acknowledged.
     */
    public synchronized Future<Void> offer(Delivery d) {
        if (d.qos() == 0) {
            if (connection == null) {
                listener.dropped(clientId, d, SessionListener.DropReason.QOS0_OFFLINE);
            } else if (connection.isOverfull()) {
                listener.dropped(clientId, d, SessionListener.DropReason.SLOW_CONSUMER);
            } else {
                send(d, 0, false);
                if (!connection.isWritable()) {
                    PublisherFlow.subscriberBusy(connection); // its publisher waits instead of the next one dropping
                }
            }
            return Future.succeededFuture();
        }
        Entry e = new Entry(nextSeq++, d, store == null);
        boolean kept = enqueue(e);
        Future<Void> durable = Future.succeededFuture(); // a message dropped by the queue policy is counted, not refused
        if (store != null && kept) {
            durable = store.enqueued(clientId, e.seq, d);
            durable.onComplete(ar -> stored(e, ar.succeeded()));
        } else {
            pump();
        }
        return holdBackIfBusy(durable);
    }

    /**
     * Back-pressure: while a connected client falls behind, the publishers' acknowledgements wait until its queue
     * has drained, so QoS 1/2 publishers slow down to what it takes instead of their messages being dropped.
     * An offline session does not hold anybody back (its queue bound and overflow policy apply).
     */
    private Future<Void> holdBackIfBusy(Future<Void> durable) {
        int mark = limits.backpressureAt();
        if (mark <= 0 || connection == null || queue.size() < mark) {
            return durable;
        }
        if (drained == null) {
            drained = io.vertx.core.Promise.promise();
        }
        Future<Void> caughtUp = drained.future();
        return durable.isComplete() && durable.succeeded() ? caughtUp : Future.all(durable, caughtUp).mapEmpty();
    }

    private void releaseHeldPublishers() {
        io.vertx.core.Promise<Void> p = drained;
        if (p != null && (connection == null || queue.size() <= limits.backpressureAt() / 2)) {
            drained = null;
            p.complete();
        }
    }

    private synchronized void stored(Entry e, boolean ok) {
        if (e.dropped) {
            if (ok) {
                store.removed(clientId, e.seq);
            }
            return;
        }
        if (ok) {
            e.durable = true;
            pump();
        } else if (queue.remove(e)) {
            // not stored: the publisher is refused and will send it again
            listener.dropped(clientId, e.delivery, SessionListener.DropReason.NOT_STORED);
            pump();
        }
    }

    /** Queues the entry, making room by the overflow policy; false when the entry itself was dropped. */
    private boolean enqueue(Entry e) {
        if (queue.size() >= limits.maxQueued()) {
            Entry dropped = limits.overflow() == Overflow.DROP_NEWEST ? e : pollOldestUnsent(e);
            listener.dropped(clientId, dropped.delivery, SessionListener.DropReason.QUEUE_FULL);
            if (dropped == e) {
                return false;
            }
            forget(dropped);
        }
        queue.addLast(e);
        return true;
    }

    /**
     * The oldest queued message the client has not been sent yet, taken out of the queue; {@code otherwise} when
     * there is none. Messages waiting at the head after a reconnect were sent before: the client may hold them (a
     * QoS 2 message it received waits for our PUBREL), so they are not the ones dropped.
     */
    private Entry pollOldestUnsent(Entry otherwise) {
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (!e.started && !e.released) {
                it.remove();
                return e;
            }
        }
        return otherwise;
    }

    private int window() {
        SessionConnection c = connection;
        int clientWindow = c == null ? limits.maxInflight() : c.inflightWindow();
        return Math.max(1, Math.min(limits.maxInflight(), clientWindow));
    }

    /** The packet identifier of a queued message: derived from its place in the queue, stable across restarts. */
    private static int packetId(long seq) {
        return (int) ((seq - 1) % 65535) + 1;
    }

    /** Moves queued messages into the in-flight window while it has room, in queue order. */
    private void pump() {
        try {
            pumpWindow();
        } finally {
            releaseHeldPublishers();
        }
    }

    private void pumpWindow() {
        while (connection != null && !queue.isEmpty() && inflight.size() < window()) {
            Entry head = queue.peekFirst();
            int packetId = packetId(head.seq);
            if (!head.durable || inflight.containsKey(packetId)) {
                return; // not stored yet, or its identifier is still in use 65535 messages back: wait
            }
            queue.pollFirst();
            boolean sent;
            if (head.started || head.released) {
                sent = resend(packetId, head); // back in the queue after a reconnect with a smaller window
            } else {
                sent = send(head.delivery, packetId, head.resend);
                if (!sent) {
                    forget(head);
                }
            }
            if (sent) {
                head.started = true;
                inflight.put(packetId, head);
            }
        }
    }

    private boolean send(Delivery d, int packetId, boolean dup) {
        if (d.message().isExpired(clock.getAsLong())) {
            listener.dropped(clientId, d, SessionListener.DropReason.EXPIRED);
            return false;
        }
        if (!connection.sendPublish(d, packetId, dup)) {
            listener.dropped(clientId, d, SessionListener.DropReason.TOO_LARGE);
            return false;
        }
        listener.delivered(clientId, d);
        return true;
    }

    /** Removes a finished or dropped message from the store (once its write completed, if still pending). */
    private void forget(Entry e) {
        if (store == null) {
            return;
        }
        if (!e.durable) {
            e.dropped = true;
            return;
        }
        store.removed(clientId, e.seq).onFailure(t ->
                LOG.debugf("removing message %d of %s from the store failed: %s", e.seq, clientId, t));
    }

    /** PUBACK for a QoS 1 message; returns false for an unknown packet id. */
    public synchronized boolean puback(int packetId) {
        Entry f = inflight.get(packetId);
        if (f == null || f.delivery.qos() != 1) {
            return false;
        }
        inflight.remove(packetId);
        forget(f);
        listener.acknowledged(clientId, f.delivery);
        pump();
        return true;
    }

    /**
     * PUBREC for a QoS 2 message: answered with PUBREL once the "received" state is durable, so a restart never
     * sends that message again. Returns false for an unknown packet id.
     */
    public synchronized boolean pubrec(int packetId, boolean failed) {
        Entry f = inflight.get(packetId);
        if (f == null || f.delivery.qos() != 2) {
            return false;
        }
        if (failed) {
            // a PUBREC with a reason code >= 0x80 ends the flow [MQTT-4.3.3-4 / 4.9]
            inflight.remove(packetId);
            forget(f);
            pump();
            return true;
        }
        if (f.released) {
            if (connection != null) {
                connection.sendPubrel(packetId); // a repeated PUBREC: repeat the PUBREL
            }
            return true;
        }
        f.released = true;
        if (store == null) {
            connection.sendPubrel(packetId);
        } else {
            store.released(clientId, f.seq).onComplete(ar -> releaseStored(packetId, f, ar.succeeded()));
        }
        return true;
    }

    private synchronized void releaseStored(int packetId, Entry f, boolean ok) {
        if (!ok) {
            // the client still holds it: it answers a resent PUBLISH with PUBREC again
            f.released = false;
            return;
        }
        if (connection != null && inflight.get(packetId) == f) {
            connection.sendPubrel(packetId);
        }
    }

    /** PUBCOMP ends a QoS 2 flow. Returns false for an unknown packet id. */
    public synchronized boolean pubcomp(int packetId) {
        Entry f = inflight.get(packetId);
        if (f == null || !f.released) {
            return false;
        }
        inflight.remove(packetId);
        forget(f);
        listener.acknowledged(clientId, f.delivery);
        pump();
        return true;
    }

    /** Sends what is queued once the socket drained or the window grew. */
    public synchronized void resume() {
        pump();
    }

    /**
     * Takes the not yet acknowledged messages that came through shared subscriptions out of this session, so the
     * group can give them to another member (this member left). QoS 2 messages already PUBREC'd stay: the client
     * has them.
     */
    public synchronized List<Delivery> takeSharedUnacknowledged() {
        List<Delivery> taken = new ArrayList<>();
        for (Iterator<Entry> it = inflight.values().iterator(); it.hasNext(); ) {
            Entry f = it.next();
            if (f.delivery.isShared() && !f.released) {
                taken.add(f.delivery);
                forget(f);
                it.remove();
            }
        }
        for (Iterator<Entry> it = queue.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.delivery.isShared() && !e.released) {
                taken.add(e.delivery);
                forget(e);
                it.remove();
            }
        }
        return taken;
    }

    /** Whether a delivery of this message is queued or in flight here: a takeover between nodes de-duplicates by it. */
    public synchronized boolean holds(long messageId) {
        for (Entry e : inflight.values()) {
            if (e.delivery.message().id() == messageId) {
                return true;
            }
        }
        for (Entry e : queue) {
            if (e.delivery.message().id() == messageId) {
                return true;
            }
        }
        return false;
    }

    public synchronized int inflightCount() {
        return inflight.size();
    }

    public synchronized int queuedCount() {
        return queue.size();
    }

    // ---- incoming QoS 2 -------------------------------------------------------------------------------------

    /** Records an incoming QoS 2 packet id; false when it is a duplicate still awaiting PUBREL (do not route again). */
    public synchronized boolean receivedQos2(int packetId) {
        return inboundQos2.add(packetId);
    }

    /** Makes a received QoS 2 packet id durable, so a restart still recognises the resent PUBLISH. */
    public synchronized Future<Void> storeReceivedQos2(int packetId) {
        return store == null ? Future.succeededFuture() : store.inboundQos2Received(clientId, packetId);
    }

    /** PUBREL from the client; false when the packet id was not pending. */
    public synchronized boolean releasedQos2(int packetId) {
        return inboundQos2.remove(packetId);
    }

    /** Forgets a released QoS 2 packet id durably; PUBCOMP goes out after it. */
    public synchronized Future<Void> storeReleasedQos2(int packetId) {
        return store == null ? Future.succeededFuture() : store.inboundQos2Released(clientId, packetId);
    }

    public synchronized int pendingIncomingQos2() {
        return inboundQos2.size();
    }

    // ---- subscriptions --------------------------------------------------------------------------------------

    /**
     * Records a subscription under its full filter (with any $share prefix). The future completes when it is
     * durable; SUBACK waits for it.
     */
    public synchronized Future<Void> putSubscription(String rawFilter, Subscription s) {
        subscriptions.put(rawFilter, s);
        return store == null ? Future.succeededFuture() : store.subscribed(clientId, rawFilter, s);
    }

    public synchronized Subscription removeSubscription(String rawFilter) {
        Subscription removed = subscriptions.remove(rawFilter);
        if (removed != null && store != null) {
            store.unsubscribed(clientId, rawFilter).onFailure(t ->
                    LOG.warnf("removing subscription %s of %s from the store failed: %s", rawFilter, clientId, t));
        }
        return removed;
    }

    public synchronized Collection<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    /**
     * Forgets everything: used when a clean start replaces the session or it expires. Returns the messages the client
     * has not received; a QoS 2 message it answered with PUBREC is not among them (it has it: handing it to another
     * shared-subscription member would deliver it twice).
     */
    public synchronized List<Delivery> clear() {
        List<Delivery> left = new ArrayList<>();
        inflight.values().forEach(f -> {
            if (!f.released) {
                left.add(f.delivery);
            }
        });
        queue.forEach(e -> {
            if (!e.released) {
                left.add(e.delivery);
            }
        });
        inflight.clear();
        queue.clear();
        inboundQos2.clear();
        subscriptions.clear();
        return left;
    }
}

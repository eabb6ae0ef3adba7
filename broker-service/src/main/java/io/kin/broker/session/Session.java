package io.kin.broker.session;

import io.kin.broker.routing.Subscription;

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
 * <p>Every method is synchronized: a session is touched by its connection's event loop and by whichever event loop
 * routes a message to it; contention is rare, and one lock keeps the window, the queue and the packet ids consistent.
 */
public final class Session {

    /** How a full queue makes room. */
    public enum Overflow { DROP_OLDEST, DROP_NEWEST }

    public record Limits(int maxInflight, int maxQueued, Overflow overflow) {
    }

    private static final class Inflight {
        final Delivery delivery;
        boolean released; // PUBREC received: waiting for PUBCOMP

        Inflight(Delivery delivery) {
            this.delivery = delivery;
        }
    }

    private final String clientId;
    private final Limits limits;
    private final SessionListener listener;
    private final LongSupplier clock;

    private SessionConnection connection;
    private String username;
    private long expiryIntervalSeconds;
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final LinkedHashMap<Integer, Inflight> inflight = new LinkedHashMap<>();
    private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
    private final Set<Integer> inboundQos2 = new HashSet<>();
    private int nextPacketId = 1;
    private long disconnectedAt;

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

    // ---- connection lifecycle -------------------------------------------------------------------------------

    /**
     * Attaches a new connection and resends what the previous one left unacknowledged: PUBLISH with DUP set, or
     * PUBREL for QoS 2 messages already received [MQTT-4.4.0-1], then what was queued.
     */
    public synchronized void attach(SessionConnection newConnection, String newUsername) {
        this.connection = newConnection;
        this.username = newUsername;
        this.disconnectedAt = 0;
        for (Iterator<Map.Entry<Integer, Inflight>> it = inflight.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Inflight> e = it.next();
            Inflight f = e.getValue();
            if (f.released) {
                newConnection.sendPubrel(e.getKey());
            } else if (!newConnection.sendPublish(f.delivery, e.getKey(), true)) {
                // too large for the new connection: discarded as if sent, so it frees its slot [MQTT-3.1.2-25]
                it.remove();
                listener.dropped(clientId, f.delivery, SessionListener.DropReason.TOO_LARGE);
            }
        }
        pump();
    }

    /** Detaches the connection if it is still the attached one; returns whether it was. */
    public synchronized boolean detach(SessionConnection closing) {
        if (connection != closing) {
            return false;
        }
        connection = null;
        disconnectedAt = clock.getAsLong();
        return true;
    }

    // ---- outgoing messages ----------------------------------------------------------------------------------

    /** A message for this session: sent now when the window allows, queued otherwise. */
    public synchronized void offer(Delivery d) {
        if (d.qos() == 0) {
            if (connection == null) {
                listener.dropped(clientId, d, SessionListener.DropReason.QOS0_OFFLINE);
            } else if (!connection.isWritable()) {
                listener.dropped(clientId, d, SessionListener.DropReason.SLOW_CONSUMER);
            } else {
                send(d, 0);
            }
            return;
        }
        if (connection != null && queue.isEmpty() && inflight.size() < window()) {
            sendTracked(d);
            return;
        }
        enqueue(d);
    }

    private void enqueue(Delivery d) {
        if (queue.size() >= limits.maxQueued()) {
            if (limits.overflow() == Overflow.DROP_NEWEST) {
                listener.dropped(clientId, d, SessionListener.DropReason.QUEUE_FULL);
                return;
            }
            listener.dropped(clientId, queue.pollFirst(), SessionListener.DropReason.QUEUE_FULL);
        }
        queue.addLast(d);
    }

    private int window() {
        SessionConnection c = connection;
        int clientWindow = c == null ? limits.maxInflight() : c.inflightWindow();
        return Math.max(1, Math.min(limits.maxInflight(), clientWindow));
    }

    /** Moves queued messages into the in-flight window while it has room. */
    private void pump() {
        while (connection != null && !queue.isEmpty() && inflight.size() < window()) {
            sendTracked(queue.pollFirst());
        }
    }

    private void sendTracked(Delivery d) {
        int packetId = allocatePacketId();
        inflight.put(packetId, new Inflight(d));
        if (!send(d, packetId)) {
            inflight.remove(packetId);
        }
    }

    private boolean send(Delivery d, int packetId) {
        if (d.message().isExpired(clock.getAsLong())) {
            listener.dropped(clientId, d, SessionListener.DropReason.EXPIRED);
            return false;
        }
        if (!connection.sendPublish(d, packetId, false)) {
            listener.dropped(clientId, d, SessionListener.DropReason.TOO_LARGE);
            return false;
        }
        listener.delivered(clientId, d);
        return true;
    }

    private int allocatePacketId() {
        for (int tries = 0; tries < 65535; tries++) {
            int id = nextPacketId;
            nextPacketId = id == 65535 ? 1 : id + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free packet identifier for " + clientId);
    }

    /** PUBACK for a QoS 1 message; returns false for an unknown packet id. */
    public synchronized boolean puback(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f == null || f.delivery.qos() != 1) {
            return false;
        }
        inflight.remove(packetId);
        listener.acknowledged(clientId, f.delivery);
        pump();
        return true;
    }

    /** PUBREC for a QoS 2 message: answered with PUBREL. Returns false for an unknown packet id. */
    public synchronized boolean pubrec(int packetId, boolean failed) {
        Inflight f = inflight.get(packetId);
        if (f == null || f.delivery.qos() != 2) {
            return false;
        }
        if (failed) {
            // a PUBREC with a reason code >= 0x80 ends the flow [MQTT-4.3.3-4 / 4.9]
            inflight.remove(packetId);
            pump();
            return true;
        }
        f.released = true;
        if (connection != null) {
            connection.sendPubrel(packetId);
        }
        return true;
    }

    /** PUBCOMP ends a QoS 2 flow. Returns false for an unknown packet id. */
    public synchronized boolean pubcomp(int packetId) {
        Inflight f = inflight.get(packetId);
        if (f == null || !f.released) {
            return false;
        }
        inflight.remove(packetId);
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
        for (Iterator<Inflight> it = inflight.values().iterator(); it.hasNext(); ) {
            Inflight f = it.next();
            if (f.delivery.isShared() && !f.released) {
                taken.add(f.delivery);
                it.remove();
            }
        }
        for (Iterator<Delivery> it = queue.iterator(); it.hasNext(); ) {
            Delivery d = it.next();
            if (d.isShared()) {
                taken.add(d);
                it.remove();
            }
        }
        return taken;
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

    /** PUBREL from the client; false when the packet id was not pending. */
    public synchronized boolean releasedQos2(int packetId) {
        return inboundQos2.remove(packetId);
    }

    public synchronized int pendingIncomingQos2() {
        return inboundQos2.size();
    }

    // ---- subscriptions --------------------------------------------------------------------------------------

    /** Records a subscription under its full filter (with any $share prefix); returns the one it replaced. */
    public synchronized Subscription putSubscription(String rawFilter, Subscription s) {
        return subscriptions.put(rawFilter, s);
    }

    public synchronized Subscription removeSubscription(String rawFilter) {
        return subscriptions.remove(rawFilter);
    }

    public synchronized Collection<Subscription> subscriptions() {
        return List.copyOf(subscriptions.values());
    }

    /** Forgets everything: used when a clean start replaces the session or it expires. */
    public synchronized List<Delivery> clear() {
        List<Delivery> left = new ArrayList<>();
        inflight.values().forEach(f -> left.add(f.delivery));
        left.addAll(queue);
        inflight.clear();
        queue.clear();
        inboundQos2.clear();
        subscriptions.clear();
        return left;
    }
}

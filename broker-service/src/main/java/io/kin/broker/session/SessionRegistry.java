package io.kin.broker.session;

import io.kin.broker.config.BrokerConfig;
import io.kin.broker.routing.Subscription;
import io.kin.broker.routing.TopicTree;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The sessions of this node by client id: opening (new, resumed or taken over), closing, and expiry.
 * Operations on one client id are serialised by a striped lock, so two connections with the same id that arrive
 * at once on different event loops end with exactly one owner.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class);
    private static final int STRIPES = 256;

    /**
     * Result of opening a session for a new connection; {@code durable} completes once a persistent session is
     * stored (CONNACK waits for it).
     */
    public record Opened(Session session, boolean present, SessionConnection previous, Future<Void> durable) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> expiryTimers = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[STRIPES];
    private final TopicTree topics;
    private final Vertx vertx;
    private final SessionListener listener;
    private final Redispatcher redispatcher;
    private final Session.Limits limits;
    private final SessionStore store;
    private final boolean clustered;
    private final String nodeId;

    SessionRegistry(TopicTree topics, Vertx vertx, SessionListener listener, Redispatcher redispatcher,
                    BrokerConfig config, SessionStore store) {
        this.clustered = config.cluster().enabled();
        this.nodeId = config.node().id();
        this.topics = topics;
        this.vertx = vertx;
        this.listener = listener;
        this.redispatcher = redispatcher;
        this.store = store;
        this.limits = new Session.Limits(config.mqtt().maxInflight(), config.mqtt().maxQueuedMessages(),
                Session.Overflow.valueOf(config.mqtt().queueOverflow().toUpperCase(Locale.ROOT).replace('-', '_')),
                config.mqtt().backpressureQueue());
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    private Object lockFor(String clientId) {
        return locks[(clientId.hashCode() & 0x7fffffff) % STRIPES];
    }

    /**
     * Opens the session of {@code clientId} for a connection that was just authenticated. A clean start (or no
     * earlier session) gives a new one; otherwise the existing session continues. A connection still attached to
     * the session is detached and returned, for the caller to close with "session taken over".
     */
    public Opened open(String clientId, boolean cleanStart, long expiryIntervalSeconds, String username,
                       int protocolVersion) {
        synchronized (lockFor(clientId)) {
            cancelExpiry(clientId);
            Session existing = sessions.get(clientId);
            SessionConnection previous = existing == null ? null : existing.connection();
            if (previous != null) {
                existing.detach(previous);
            }
            List<Future<Void>> writes = new ArrayList<>(3);
            Session session;
            boolean present;
            if (existing == null || cleanStart) {
                if (existing != null) {
                    writes.add(end(existing));
                }
                session = new Session(clientId, limits, listener, System::currentTimeMillis);
                sessions.put(clientId, session);
                present = false;
            } else {
                session = existing;
                present = true;
            }
            session.expiryIntervalSeconds(expiryIntervalSeconds);
            // a session lives in the store while it may outlive its connection
            if (expiryIntervalSeconds > 0 || session.isPersistent()) {
                writes.add(store.opened(clientId, username, protocolVersion, expiryIntervalSeconds));
                writes.add(session.persistTo(store));
            }
            return new Opened(session, present, previous, Future.all(writes).mapEmpty());
        }
    }

    /**
     * The connection of a session closed. Ends the session when its expiry interval is 0, else keeps it for that
     * long. Returns false when the connection was no longer the session's (it had been taken over).
     */
    public boolean closed(Session session, SessionConnection connection) {
        String clientId = session.clientId();
        synchronized (lockFor(clientId)) {
            if (!session.detach(connection)) {
                return false;
            }
            List<Delivery> shared = session.takeSharedUnacknowledged();
            if (!shared.isEmpty()) {
                redispatcher.redispatch(clientId, shared);
            }
            long expiry = session.expiryIntervalSeconds();
            if (expiry == 0) {
                sessions.remove(clientId, session);
                end(session);
            } else {
                if (session.isPersistent()) {
                    store.closed(clientId, expiry, session.disconnectedAt()).onFailure(t ->
                            LOG.warnf("recording the disconnect of %s failed: %s", clientId, t.toString()));
                }
                scheduleExpiry(clientId, session, expiry * 1000);
            }
            return true;
        }
    }

    private void expire(String clientId, Session session) {
        synchronized (lockFor(clientId)) {
            expiryTimers.remove(clientId);
            if (sessions.get(clientId) == session && !session.isConnected()) {
                sessions.remove(clientId);
                end(session).onFailure(t -> LOG.warnf("removing expired session %s from the store failed: %s",
                        clientId, t.toString()));
                LOG.debugf("session %s expired", clientId);
            }
        }
    }

    /** Removes a session regardless of its state (administrative action); returns whether it existed. */
    public boolean discard(String clientId) {
        synchronized (lockFor(clientId)) {
            cancelExpiry(clientId);
            Session session = sessions.remove(clientId);
            if (session == null) {
                return false;
            }
            end(session);
            return true;
        }
    }

    private void scheduleExpiry(String clientId, Session session, long delayMillis) {
        // 0xFFFFFFFF seconds means the session never expires (MQTT 5, 3.1.2.11.2)
        if (session.expiryIntervalSeconds() >= 0xFFFFFFFFL) {
            return;
        }
        long timer = vertx.setTimer(Math.max(1, delayMillis), id -> expire(clientId, session));
        expiryTimers.put(clientId, timer);
    }

    private Future<Void> end(Session session) {
        for (Subscription s : session.subscriptions()) {
            topics.unsubscribe(s.clientId(), s.filter(), s.shareGroup());
        }
        List<Delivery> left = session.clear();
        List<Delivery> shared = left.stream().filter(Delivery::isShared).toList();
        if (!shared.isEmpty()) {
            redispatcher.redispatch(session.clientId(), shared);
        }
        return session.isPersistent() ? store.ended(session.clientId()) : Future.succeededFuture();
    }

    /**
     * Start-up: brings back the persistent sessions found in the store, with their subscriptions and queues, and
     * purges those that expired while the broker was down. Runs before the listeners accept clients.
     */
    void recover(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent ev) throws Exception {
        // in a cluster each node brings back the sessions it held; a single node holds them all
        Future<List<SessionStore.StoredSession>> loading = clustered
                ? store.loadOwnedBy(nodeId, limits.maxQueued()) : store.loadAll(limits.maxQueued());
        List<SessionStore.StoredSession> stored = loading.toCompletionStage().toCompletableFuture()
                .get(120, TimeUnit.SECONDS);
        restore(stored);
    }

    /** Takes over the stored sessions of a node that left the cluster, so they go on collecting messages. */
    public Future<Integer> adopt(String deadNode) {
        return store.loadOwnedBy(deadNode, limits.maxQueued()).map(stored -> {
            List<SessionStore.StoredSession> free = stored.stream().filter(s -> !sessions.containsKey(s.clientId()))
                    .toList();
            restore(free);
            LOG.infof("adopted %d persistent sessions of node %s", free.size(), deadNode);
            return free.size();
        });
    }

    /**
     * Brings one stored session into this node before a client resumes it here (it lived on another node, or
     * on none since its node died). Nothing happens when this node already holds it.
     */
    public Future<Void> loadIfAbsent(String clientId) {
        if (sessions.containsKey(clientId)) {
            return Future.succeededFuture();
        }
        return store.load(clientId, limits.maxQueued()).map(stored -> {
            synchronized (lockFor(clientId)) {
                if (!sessions.containsKey(clientId)) {
                    restore(stored);
                }
            }
            return (Void) null;
        });
    }

    // ---- arrivals: a persistent session moving here from another node ------------------------------------------

    /**
     * What a session moving here from another node collects before it is loaded: its stored subscriptions route to
     * this node from the start, so nothing published during the move is routed nowhere; deliveries that arrive
     * before the session are held and offered to it once loaded, unless the old node stored them too (same id).
     */
    private static final class Arrival {
        final List<Subscription> routed = new ArrayList<>();
        final List<Delivery> held = new ArrayList<>();
        final List<io.vertx.core.Promise<Void>> durable = new ArrayList<>();
        boolean done;
    }

    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();

    /**
     * A session is about to move here (its old node has closed the client's connection but still holds it and its
     * routes): routes its stored subscriptions to this node and holds what they catch until
     * {@link #finishArrival}. Nothing happens when this node holds the session already.
     */
    public Future<Void> prepareArrival(String clientId) {
        if (sessions.containsKey(clientId)) {
            return Future.succeededFuture();
        }
        Arrival arrival = new Arrival();
        arrivals.put(clientId, arrival);
        return store.load(clientId, 0).map(stored -> {
            synchronized (arrival) {
                if (!arrival.done) {
                    for (SessionStore.StoredSession s : stored) {
                        for (SessionStore.StoredSubscription sub : s.subscriptions()) {
                            topics.subscribe(sub.subscription());
                            arrival.routed.add(sub.subscription());
                        }
                    }
                }
            }
            return (Void) null;
        });
    }

    /**
     * A delivery for a client this node has no session for: held when the session is on its way here (the
     * future completes once the session has it durably), else null.
     */
    public Future<Void> holdForArrival(String clientId, Delivery delivery) {
        Arrival arrival = arrivals.get(clientId);
        if (arrival == null) {
            // the move may have finished since the caller looked: the session is put before the arrival ends
            Session session = sessions.get(clientId);
            return session == null ? null : session.offer(delivery);
        }
        synchronized (arrival) {
            if (arrival.done) {
                Session session = sessions.get(clientId);
                return session == null ? null : session.offer(delivery);
            }
            io.vertx.core.Promise<Void> durable = io.vertx.core.Promise.promise();
            arrival.held.add(delivery);
            arrival.durable.add(durable);
            return durable.future();
        }
    }

    /**
     * The move is over (the session is loaded here, or failed to): held deliveries go to the session unless it
     * already has them from the store; routes added for subscriptions it no longer has are taken back.
     */
    public void finishArrival(String clientId) {
        Arrival arrival = arrivals.remove(clientId);
        if (arrival == null) {
            return;
        }
        Session session = sessions.get(clientId);
        synchronized (arrival) {
            arrival.done = true;
            java.util.Set<String> kept = new java.util.HashSet<>();
            if (session != null) {
                for (Subscription s : session.subscriptions()) {
                    kept.add(s.filter() + "\u0000" + s.shareGroup());
                }
            }
            for (Subscription s : arrival.routed) {
                if (!kept.contains(s.filter() + "\u0000" + s.shareGroup())) {
                    topics.unsubscribe(s.clientId(), s.filter(), s.shareGroup());
                }
            }
            int offered = 0;
            for (int i = 0; i < arrival.held.size(); i++) {
                Delivery d = arrival.held.get(i);
                io.vertx.core.Promise<Void> durable = arrival.durable.get(i);
                if (session == null) {
                    durable.fail("session " + clientId + " could not be loaded on this node");
                } else if (session.holds(d.message().id())) {
                    durable.complete(); // the old node stored it: it came with the session
                } else {
                    session.offer(d).onComplete(durable);
                    offered++;
                }
            }
            if (!arrival.held.isEmpty()) {
                LOG.debugf("session %s moved here: %d messages caught during the move, %d not already in it",
                        clientId, arrival.held.size(), offered);
            }
        }
    }

    /**
     * Lets another node take this session: its connection is already closed; the session leaves this node's
     * memory (and routes) but stays in the store, which completes every pending write before the future does.
     */
    public Future<Void> release(String clientId) {
        synchronized (lockFor(clientId)) {
            cancelExpiry(clientId);
            Session session = sessions.remove(clientId);
            if (session == null) {
                return store.flushed();
            }
            for (Subscription s : session.subscriptions()) {
                topics.unsubscribe(s.clientId(), s.filter(), s.shareGroup());
            }
            return store.flushed();
        }
    }

    private void restore(List<SessionStore.StoredSession> stored) {
        long now = System.currentTimeMillis();
        int recovered = 0;
        int purged = 0;
        long messages = 0;
        List<Future<Void>> writes = new ArrayList<>();
        for (SessionStore.StoredSession s : stored) {
            long expiresAt = s.disconnectedAt() + s.expirySeconds() * 1000;
            if (s.expirySeconds() < 0xFFFFFFFFL && expiresAt <= now) {
                writes.add(store.ended(s.clientId()));
                purged++;
                continue;
            }
            Session session = new Session(s.clientId(), limits, listener, System::currentTimeMillis);
            session.restore(s, store);
            sessions.put(s.clientId(), session);
            for (SessionStore.StoredSubscription sub : s.subscriptions()) {
                topics.subscribe(sub.subscription());
            }
            // sessions cut off by a crash count as disconnected now
            writes.add(store.closed(s.clientId(), s.expirySeconds(), s.disconnectedAt()));
            scheduleExpiry(s.clientId(), session, expiresAt - now);
            recovered++;
            messages += s.queue().size();
        }
        Future.all(writes).onFailure(e -> LOG.warnf("recording restored sessions failed: %s", e.toString()));
        if (recovered + purged > 0) {
            LOG.infof("recovered %d persistent sessions with %d queued messages from PostgreSQL; %d had expired",
                    recovered, messages, purged);
        }
    }

    private void cancelExpiry(String clientId) {
        Long timer = expiryTimers.remove(clientId);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    public Session get(String clientId) {
        return sessions.get(clientId);
    }

    public boolean isOnline(String clientId) {
        Session s = sessions.get(clientId);
        return s != null && s.isConnected();
    }

    public Collection<Session> all() {
        return sessions.values();
    }

    public int count() {
        return sessions.size();
    }
}

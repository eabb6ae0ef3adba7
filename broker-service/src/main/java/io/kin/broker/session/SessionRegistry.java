package io.kin.broker.session;

import io.kin.broker.config.BrokerConfig;
import io.kin.broker.routing.Subscription;
import io.kin.broker.routing.TopicTree;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of this node by client id: opening (new, resumed or taken over), closing, and expiry.
 * Operations on one client id are serialised by a striped lock, so two connections with the same id that arrive
 * at once on different event loops end with exactly one owner.
 */
@ApplicationScoped
public class SessionRegistry {

    private static final Logger LOG = Logger.getLogger(SessionRegistry.class);
    private static final int STRIPES = 256;

    /** Result of opening a session for a new connection. */
    public record Opened(Session session, boolean present, SessionConnection previous) {
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> expiryTimers = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[STRIPES];
    private final TopicTree topics;
    private final Vertx vertx;
    private final SessionListener listener;
    private final Redispatcher redispatcher;
    private final Session.Limits limits;

    SessionRegistry(TopicTree topics, Vertx vertx, SessionListener listener, Redispatcher redispatcher,
                    BrokerConfig config) {
        this.topics = topics;
        this.vertx = vertx;
        this.listener = listener;
        this.redispatcher = redispatcher;
        this.limits = new Session.Limits(config.mqtt().maxInflight(), config.mqtt().maxQueuedMessages(),
                Session.Overflow.valueOf(config.mqtt().queueOverflow().toUpperCase(Locale.ROOT).replace('-', '_')));
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
    public Opened open(String clientId, boolean cleanStart, long expiryIntervalSeconds) {
        synchronized (lockFor(clientId)) {
            cancelExpiry(clientId);
            Session existing = sessions.get(clientId);
            SessionConnection previous = existing == null ? null : existing.connection();
            if (previous != null) {
                existing.detach(previous);
            }
            Session session;
            boolean present;
            if (existing == null || cleanStart) {
                if (existing != null) {
                    end(existing);
                }
                session = new Session(clientId, limits, listener, System::currentTimeMillis);
                sessions.put(clientId, session);
                present = false;
            } else {
                session = existing;
                present = true;
            }
            session.expiryIntervalSeconds(expiryIntervalSeconds);
            return new Opened(session, present, previous);
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
            } else if (expiry < 0xFFFFFFFFL) {
                long timer = vertx.setTimer(Math.max(1, expiry * 1000), id -> expire(clientId, session));
                expiryTimers.put(clientId, timer);
            }
            return true;
        }
    }

    private void expire(String clientId, Session session) {
        synchronized (lockFor(clientId)) {
            expiryTimers.remove(clientId);
            if (sessions.get(clientId) == session && !session.isConnected()) {
                sessions.remove(clientId);
                end(session);
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

    private void end(Session session) {
        for (Subscription s : session.subscriptions()) {
            topics.unsubscribe(s.clientId(), s.filter(), s.shareGroup());
        }
        List<Delivery> left = session.clear();
        List<Delivery> shared = left.stream().filter(Delivery::isShared).toList();
        if (!shared.isEmpty()) {
            redispatcher.redispatch(session.clientId(), shared);
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

package io.kin.broker.session;

import io.kin.broker.routing.Subscription;
import io.vertx.core.Future;

import java.util.List;
import java.util.Set;

/**
 * Where persistent sessions (session expiry &gt; 0) are kept durably: the session itself, its subscriptions, the
 * QoS 1/2 messages queued or in flight towards it, and the QoS 2 packet ids it has sent and not yet released.
 * Clean sessions never come here. Every future completes once the change is durable; callers acknowledge to the
 * client only then.
 */
public interface SessionStore {

    /** A stored queued message: {@code seq} orders the queue and gives the packet id. */
    record StoredDelivery(long seq, Delivery delivery, boolean released) {
    }

    /** A persistent session as found in the store at start-up. */
    record StoredSession(String clientId, String username, int protocolVersion, long expirySeconds,
                         long disconnectedAt, List<StoredSubscription> subscriptions, List<StoredDelivery> queue,
                         Set<Integer> inboundQos2) {
    }

    record StoredSubscription(String rawFilter, Subscription subscription) {
    }

    Future<Void> opened(String clientId, String username, int protocolVersion, long expirySeconds);

    Future<Void> closed(String clientId, long expirySeconds, long disconnectedAt);

    /** Completes once every write submitted before it is durable (a session changing hands waits for it). */
    Future<Void> flushed();

    /** The session ended (expired, clean start, administrative delete): everything of it goes. */
    Future<Void> ended(String clientId);

    Future<Void> subscribed(String clientId, String rawFilter, Subscription subscription);

    Future<Void> unsubscribed(String clientId, String rawFilter);

    Future<Void> enqueued(String clientId, long seq, Delivery delivery);

    Future<Void> released(String clientId, long seq);

    Future<Void> removed(String clientId, long seq);

    Future<Void> inboundQos2Received(String clientId, int packetId);

    Future<Void> inboundQos2Released(String clientId, int packetId);

    /** Every stored session with its subscriptions and queue (bounded per session by the caller's limit). */
    Future<List<StoredSession>> loadAll(int maxQueuedPerSession);

    /** The sessions a node held when it last ran (cluster start-up, and adoption after a node left). */
    Future<List<StoredSession>> loadOwnedBy(String nodeId, int maxQueuedPerSession);

    /** One session, when another node held it or none does (takeover, failover); empty when unknown. */
    Future<List<StoredSession>> load(String clientId, int maxQueuedPerSession);
}

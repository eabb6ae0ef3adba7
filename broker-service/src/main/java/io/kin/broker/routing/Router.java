package io.kin.broker.routing;

import io.kin.broker.message.Message;
import io.kin.broker.session.Delivery;
import io.kin.broker.session.Redispatcher;
import io.kin.broker.session.Session;
import io.kin.broker.session.SessionRegistry;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes a message to the sessions whose subscriptions match its topic: once per client even when several of its
 * filters match (highest granted QoS, every subscription identifier), and to one member of each matching shared
 * subscription group.
 */
@ApplicationScoped
public class Router implements Redispatcher {

    private final TopicTree topics;
    private final SessionRegistry sessions;
    private final RemoteRouting remote;

    Router(TopicTree topics, SessionRegistry sessions, RemoteRouting remote) {
        this.topics = topics;
        this.sessions = sessions;
        this.remote = remote;
    }

    /** What routing one message did: how many sessions got it, and when it is durable for all of them. */
    public record Routed(int sessions, Future<Void> durable) {
    }

    /**
     * Routes the message. {@code durable} completes once every persistent session it went to has stored it (at
     * once when none is persistent): the publisher is acknowledged only then.
     */
    public Routed route(Message message) {
        Offers offers = new Offers();
        if (!remote.active()) {
            routeLocally(message, true, offers);
        } else {
            // shared groups are balanced across the cluster: the remote side picks the node for each group
            routeLocally(message, false, offers);
            offers.count += remote.route(message,
                    (group, filter) -> deliverToLocalGroup(message, group, filter, offers), offers::addPending);
        }
        return new Routed(offers.count, offers.durable());
    }

    /**
     * A message another node forwarded here: delivered to this node's direct subscribers and to the shared groups
     * the sending node picked this node for ({@code group, filter} pairs).
     */
    public Routed routeForwarded(Message message, List<String[]> sharedGroups) {
        Offers offers = new Offers();
        routeLocally(message, false, offers);
        for (String[] g : sharedGroups) {
            deliverToLocalGroup(message, g[0], g[1], offers);
        }
        return new Routed(offers.count, offers.durable());
    }

    private void deliverToLocalGroup(Message message, String groupName, String filter, Offers offers) {
        SharedGroup group = topics.sharedGroup(groupName, filter);
        Subscription member = group == null ? null : group.pick(message.publisherClientId(), sessions::isOnline);
        if (member != null) {
            deliverShared(message, member, group, offers);
        }
    }

    private void routeLocally(Message message, boolean withSharedGroups, Offers offers) {
        List<Subscription> direct = new ArrayList<>(4);
        List<SharedGroup> groups = new ArrayList<>(0);
        topics.match(message.topic(), direct::add, withSharedGroups ? groups::add : g -> { });
        if (direct.size() == 1) {
            deliverDirect(message, direct.get(0).clientId(), List.of(direct.get(0)), offers);
        } else if (!direct.isEmpty()) {
            Map<String, List<Subscription>> byClient = new LinkedHashMap<>();
            for (Subscription s : direct) {
                byClient.computeIfAbsent(s.clientId(), k -> new ArrayList<>(2)).add(s);
            }
            for (Map.Entry<String, List<Subscription>> e : byClient.entrySet()) {
                deliverDirect(message, e.getKey(), e.getValue(), offers);
            }
        }
        for (SharedGroup group : groups) {
            Subscription member = group.pick(message.publisherClientId(), sessions::isOnline);
            if (member != null) {
                deliverShared(message, member, group, offers);
            }
        }
    }

    /** Counts offers and keeps only the store writes still pending (most offers complete at once). */
    private static final class Offers {
        int count;
        List<Future<Void>> pending;

        void add(Future<Void> f) {
            count++;
            addPending(f);
        }

        void addPending(Future<Void> f) {
            if (!f.isComplete() || f.failed()) {
                if (pending == null) {
                    pending = new ArrayList<>(2);
                }
                pending.add(f);
            }
        }

        Future<Void> durable() {
            if (pending == null) {
                return Future.succeededFuture();
            }
            return pending.size() == 1 ? pending.get(0) : Future.all(pending).mapEmpty();
        }
    }

    private void deliverDirect(Message message, String clientId, List<Subscription> subs, Offers offers) {
        int qos = -1;
        boolean retain = false;
        int ids = 0;
        for (Subscription s : subs) {
            if (s.noLocal() && clientId.equals(message.publisherClientId())) {
                continue; // [MQTT-3.8.3-3]
            }
            qos = Math.max(qos, Math.min(message.qos(), s.qos()));
            retain |= s.retainAsPublished() && message.retain();
            if (s.subscriptionId() > 0) {
                ids++;
            }
        }
        if (qos < 0) {
            return;
        }
        Session session = sessions.get(clientId);
        int[] subscriptionIds = new int[ids];
        int i = 0;
        for (Subscription s : subs) {
            if (s.subscriptionId() > 0 && !(s.noLocal() && clientId.equals(message.publisherClientId()))) {
                subscriptionIds[i++] = s.subscriptionId();
            }
        }
        if (i < ids) {
            subscriptionIds = java.util.Arrays.copyOf(subscriptionIds, i);
        }
        Delivery delivery = Delivery.direct(message, qos, retain, subscriptionIds);
        if (session != null) {
            offers.add(session.offer(delivery));
            return;
        }
        // the route is there but the session is not (yet): it is moving here from another node
        Future<Void> held = sessions.holdForArrival(clientId, delivery);
        if (held != null) {
            offers.add(held);
        }
    }

    private void deliverShared(Message message, Subscription member, SharedGroup group, Offers offers) {
        Session session = sessions.get(member.clientId());
        if (session == null) {
            return;
        }
        int[] ids = member.subscriptionId() > 0 ? new int[]{member.subscriptionId()} : null;
        boolean retain = member.retainAsPublished() && message.retain();
        offers.add(session.offer(new Delivery(message, Math.min(message.qos(), member.qos()), retain, ids,
                group.name(), group.filter())));
    }

    @Override
    public void redispatch(String leavingClientId, List<Delivery> deliveries) {
        for (Delivery d : deliveries) {
            SharedGroup group = topics.sharedGroup(d.shareGroup(), d.shareFilter());
            Subscription member = group == null ? null
                    : group.pick(d.message().publisherClientId(),
                    id -> !id.equals(leavingClientId) && sessions.isOnline(id));
            if (member != null && !member.clientId().equals(leavingClientId)) {
                Session session = sessions.get(member.clientId());
                if (session != null) {
                    int[] ids = member.subscriptionId() > 0 ? new int[]{member.subscriptionId()} : null;
                    session.offer(new Delivery(d.message(), Math.min(d.message().qos(), member.qos()), d.retain(),
                            ids, d.shareGroup(), d.shareFilter()));
                    continue;
                }
            }
            // nobody else in the group: the leaving member keeps it if its session lives on
            Session own = sessions.get(leavingClientId);
            if (own != null) {
                own.offer(d);
            }
        }
    }
}

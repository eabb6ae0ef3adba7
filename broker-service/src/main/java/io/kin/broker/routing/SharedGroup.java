package io.kin.broker.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One shared subscription (MQTT 5 section 4.8.2): a group name and a filter, and the clients subscribed to it.
 * Each matching message goes to one member only, chosen by the {@link DispatchStrategy}.
 * <p>
 * Threading: {@link #pick} runs on any event loop at the same time as membership changes. Members live in an
 * immutable array that writers replace as a whole, so a pick reads one volatile field and allocates nothing
 * (STICKY allocates only when its member changes).
 * Membership changes are made by {@link TopicTree} and serialise on this object.
 */
public final class SharedGroup {

    private static final Subscription[] NO_MEMBERS = new Subscription[0];

    private final String name;
    private final String filter;
    private final DispatchStrategy strategy;

    /** Writers' view, guarded by {@code this}; keeps insertion order and keeps a member's place when replaced. */
    private final LinkedHashMap<String, Subscription> byClientId = new LinkedHashMap<>();
    /** Readers' view: a snapshot of {@link #byClientId}, never modified after it is published. */
    private volatile Subscription[] members = NO_MEMBERS;

    private final AtomicInteger nextTurn = new AtomicInteger();
    /** The member STICKY sends to, with the member array it was checked against (see {@link StickyChoice}). */
    private volatile StickyChoice sticky;

    public SharedGroup(String name, String filter, DispatchStrategy strategy) {
        this.name = name;
        this.filter = filter;
        this.strategy = strategy;
    }

    public String name() {
        return name;
    }

    /** The filter without the {@code $share/} prefix. */
    public String filter() {
        return filter;
    }

    public DispatchStrategy strategy() {
        return strategy;
    }

    public int size() {
        return members.length;
    }

    /** The members in the order they joined. */
    public List<Subscription> members() {
        return List.of(members);
    }

    /**
     * The member that gets the next message, or {@code null} when the group is empty.
     * Online members are preferred; when none is online one is chosen among all, so the message is queued in that
     * member's persistent session instead of being lost.
     *
     * @param publisherClientId who published the message, used by HASH; may be null for broker-made messages
     * @param isOnline          whether a client currently has a connection on which it can be sent the message
     */
    public Subscription pick(String publisherClientId, Predicate<String> isOnline) {
        Subscription[] m = members;
        int n = m.length;
        if (n == 0) {
            return null;
        }
        return switch (strategy) {
            case ROUND_ROBIN -> firstOnlineFrom(m, Math.floorMod(nextTurn.getAndIncrement(), n), isOnline);
            case RANDOM -> firstOnlineFrom(m, ThreadLocalRandom.current().nextInt(n), isOnline);
            case HASH -> firstOnlineFrom(m, Math.floorMod(spread(publisherClientId), n), isOnline);
            case STICKY -> pickSticky(m, isOnline);
        };
    }

    private Subscription pickSticky(Subscription[] m, Predicate<String> isOnline) {
        StickyChoice current = sticky;
        if (current != null && current.checkedAgainst() != m) {
            current = current.recheckedAgainst(m);
            sticky = current;
        }
        if (current != null && isOnline.test(current.member().clientId())) {
            return current.member();
        }
        // no sticky member, or it went offline: move to the first online member, in joining order
        for (Subscription s : m) {
            if (isOnline.test(s.clientId())) {
                sticky = new StickyChoice(s, m);
                return s;
            }
        }
        if (current != null) {
            return current.member(); // nobody is online: keep queueing to the same member
        }
        sticky = new StickyChoice(m[0], m);
        return m[0];
    }

    /** The first online member at or after {@code start} (wrapping); {@code m[start]} when nobody is online. */
    private static Subscription firstOnlineFrom(Subscription[] m, int start, Predicate<String> isOnline) {
        int n = m.length;
        for (int i = 0; i < n; i++) {
            Subscription s = m[(start + i) % n];
            if (isOnline.test(s.clientId())) {
                return s;
            }
        }
        return m[start];
    }

    /** String.hashCode of similar client ids differs only in low bits; mix so that they spread over members. */
    private static int spread(String publisherClientId) {
        int h = publisherClientId == null ? 0 : publisherClientId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }

    /** Adds or replaces the member with this client id; returns whether it was already a member. */
    synchronized boolean add(Subscription s) {
        Subscription previous = byClientId.put(s.clientId(), s);
        members = byClientId.values().toArray(NO_MEMBERS);
        return previous != null;
    }

    /** Removes the member with this client id; returns whether it was a member. */
    synchronized boolean remove(String clientId) {
        Subscription previous = byClientId.remove(clientId);
        if (previous == null) {
            return false;
        }
        members = byClientId.values().toArray(NO_MEMBERS);
        return true;
    }

    synchronized Subscription member(String clientId) {
        return byClientId.get(clientId);
    }

    /**
     * STICKY's member together with the member array it was found in. Picks race with membership changes, so a
     * pick may store a member that was just removed; because the choice names its array, the next pick sees that
     * the array changed and looks the member up again (once per change, not per message).
     */
    private record StickyChoice(Subscription member, Subscription[] checkedAgainst) {

        /** The same client in {@code members} (with its current options), or null when it left the group. */
        StickyChoice recheckedAgainst(Subscription[] members) {
            for (Subscription s : members) {
                if (s.clientId().equals(member.clientId())) {
                    return new StickyChoice(s, members);
                }
            }
            return null;
        }
    }

    @Override
    public String toString() {
        return "$share/" + name + "/" + filter + " " + memberClientIds();
    }

    private List<String> memberClientIds() {
        List<String> ids = new ArrayList<>();
        for (Subscription s : members) {
            ids.add(s.clientId());
        }
        return ids;
    }
}

package io.kin.bench.scenario;

import io.kin.bench.client.Endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Who publishes where and who should receive what. A receiver is the unit that must get every message of its
 * expected publishers exactly once: one subscriber, or a whole shared-subscription group.
 *
 * @param receivers for each receiver index, the publisher ids it expects every message from
 */
record Topology(List<PublisherPlan> publishers, List<SubscriberPlan> subscribers, List<Set<Integer>> receivers) {

    record PublisherPlan(int id, Endpoint endpoint, String topic) {
    }

    /** @param receiver index into {@link Topology#receivers()} */
    record SubscriberPlan(int receiver, Endpoint endpoint, String topicFilter) {
    }

    static Topology fanIn(int publishers, Endpoint endpoint, String topic) {
        return manyToMany(publishers, 1, endpoint, endpoint, topic);
    }

    static Topology fanOut(int subscribers, Endpoint endpoint, String topic) {
        return manyToMany(1, subscribers, endpoint, endpoint, topic);
    }

    /** Publisher {@code i} publishes on {@code topicBase/i}, which only subscriber {@code i} listens to. */
    static Topology pairs(int pairs, Endpoint endpoint, String topicBase) {
        List<PublisherPlan> publishers = new ArrayList<>();
        List<SubscriberPlan> subscribers = new ArrayList<>();
        List<Set<Integer>> receivers = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            String topic = topicBase + "/" + i;
            publishers.add(new PublisherPlan(i, endpoint, topic));
            subscribers.add(new SubscriberPlan(i, endpoint, topic));
            receivers.add(Set.of(i));
        }
        return new Topology(publishers, subscribers, receivers);
    }

    /** Every group member subscribes {@code $share/group/topic}; the group together is one receiver. */
    static Topology shared(int publishers, int members, String group, Endpoint endpoint, String topic) {
        List<SubscriberPlan> subscribers = IntStream.range(0, members)
                .mapToObj(i -> new SubscriberPlan(0, endpoint, "$share/" + group + "/" + topic))
                .toList();
        return new Topology(publishersOn(publishers, endpoint, topic), subscribers, List.of(allIds(publishers)));
    }

    /** Every subscriber gets every publisher's messages; publishers and subscribers may sit on different nodes. */
    static Topology manyToMany(int publishers, int subscribers, Endpoint publishTo, Endpoint subscribeTo, String topic) {
        List<SubscriberPlan> subscriberPlans = IntStream.range(0, subscribers)
                .mapToObj(i -> new SubscriberPlan(i, subscribeTo, topic))
                .toList();
        Set<Integer> everyPublisher = allIds(publishers);
        List<Set<Integer>> receivers = IntStream.range(0, subscribers).mapToObj(i -> everyPublisher).toList();
        return new Topology(publishersOn(publishers, publishTo, topic), subscriberPlans, receivers);
    }

    private static List<PublisherPlan> publishersOn(int count, Endpoint endpoint, String topic) {
        return IntStream.range(0, count).mapToObj(i -> new PublisherPlan(i, endpoint, topic)).toList();
    }

    private static Set<Integer> allIds(int count) {
        return IntStream.range(0, count).boxed().collect(Collectors.toUnmodifiableSet());
    }
}

package io.kin.broker.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicTreeSubscriptionsTest {

    private final TopicTree tree = new TopicTree(DispatchStrategy.ROUND_ROBIN);

    private List<Subscription> direct(String topic) {
        List<Subscription> found = new ArrayList<>();
        tree.match(topic, found::add, g -> { });
        return found;
    }

    private List<SharedGroup> shared(String topic) {
        List<SharedGroup> found = new ArrayList<>();
        tree.match(topic, s -> { }, found::add);
        return found;
    }

    @Test
    void subscribingAgainReplacesAndReportsThatItExisted() {
        assertThat(tree.subscribe(Subscription.of("c1", "a/b", 0))).isFalse();
        assertThat(tree.subscribe(Subscription.of("c1", "a/b", 2))).isTrue();

        assertThat(direct("a/b")).singleElement().extracting(Subscription::qos).isEqualTo(2);
        assertThat(tree.subscriptionCount()).isEqualTo(1);
        assertThat(tree.subscriptionsOf("c1")).singleElement().extracting(Subscription::qos).isEqualTo(2);
    }

    @Test
    void sameFilterFromAnotherClientOrAsSharedIsANewSubscription() {
        tree.subscribe(Subscription.of("c1", "a/b", 0));

        assertThat(tree.subscribe(Subscription.of("c2", "a/b", 0))).isFalse();
        assertThat(tree.subscribe(Subscription.shared("c1", "g", "a/b", 0))).isFalse();
        assertThat(tree.subscribe(Subscription.shared("c1", "h", "a/b", 0))).isFalse();
        assertThat(tree.subscribe(Subscription.shared("c1", "g", "a/b", 1))).isTrue();

        assertThat(tree.subscriptionCount()).isEqualTo(4);
        assertThat(tree.subscriptionsOf("c1")).hasSize(3);
    }

    @Test
    void unsubscribeReportsWhetherItExisted() {
        tree.subscribe(Subscription.of("c1", "a/b", 0));
        tree.subscribe(Subscription.shared("c1", "g", "a/b", 0));

        assertThat(tree.unsubscribe("c2", "a/b", null)).isFalse();
        assertThat(tree.unsubscribe("c1", "a/c", null)).isFalse();
        assertThat(tree.unsubscribe("c1", "a/b", "other")).isFalse();
        assertThat(tree.unsubscribe("c1", "a/b", null)).isTrue();
        assertThat(tree.unsubscribe("c1", "a/b", null)).isFalse();
        assertThat(tree.unsubscribe("c1", "a/b", "g")).isTrue();

        assertThat(direct("a/b")).isEmpty();
        assertThat(shared("a/b")).isEmpty();
        assertThat(tree.subscriptionCount()).isZero();
        assertThat(tree.subscriptionsOf("c1")).isEmpty();
    }

    @Test
    void unsubscribingPrunesNodesLeftEmpty() {
        tree.subscribe(Subscription.of("c1", "a/b/c/d", 0));
        tree.subscribe(Subscription.of("c1", "a/b", 0));
        tree.subscribe(Subscription.of("c1", "a/+/#", 0));
        tree.subscribe(Subscription.shared("c2", "g", "x//y", 0));
        // exact filters are one node each (a/b/c/d, a/b, x//y); a/+/# is three trie nodes
        assertThat(tree.nodeCount()).isEqualTo(3 + 3);

        tree.unsubscribe("c1", "a/b/c/d", null);
        assertThat(tree.nodeCount()).as("a/b and x//y stay, they hold subscriptions").isEqualTo(2 + 3);

        tree.unsubscribe("c1", "a/+/#", null);
        tree.unsubscribe("c1", "a/b", null);
        tree.unsubscribe("c2", "x//y", "g");
        assertThat(tree.nodeCount()).isZero();
        assertThat(tree.sharedGroup("g", "x//y")).isNull();
    }

    @Test
    void overlappingSubscriptionsOfOneClientAreAllReported() {
        tree.subscribe(Subscription.of("c1", "a/+", 1));
        tree.subscribe(Subscription.of("c1", "a/#", 2));
        tree.subscribe(Subscription.of("c1", "a/b", 0));

        assertThat(direct("a/b")).extracting(Subscription::filter)
                .containsExactlyInAnyOrder("a/+", "a/#", "a/b");
    }

    @Test
    void sharedGroupIsReportedOnceHoweverManyMembers() {
        tree.subscribe(Subscription.shared("c1", "g", "a/+", 0));
        tree.subscribe(Subscription.shared("c2", "g", "a/+", 0));
        tree.subscribe(Subscription.shared("c3", "g", "a/+", 0));
        tree.subscribe(Subscription.shared("c1", "h", "a/#", 0));
        tree.subscribe(Subscription.shared("c1", "g", "a/b", 0));

        assertThat(shared("a/b")).extracting(g -> g.name() + " " + g.filter())
                .containsExactlyInAnyOrder("g a/+", "h a/#", "g a/b");
        assertThat(direct("a/b")).isEmpty();
        assertThat(tree.sharedGroup("g", "a/+").size()).isEqualTo(3);
        assertThat(tree.sharedGroup("g", "a/+").strategy()).isEqualTo(DispatchStrategy.ROUND_ROBIN);
        assertThat(tree.sharedGroup("x", "a/+")).isNull();
        assertThat(tree.sharedGroup("g", "nothing/here")).isNull();
    }

    @Test
    void groupIsRemovedWithItsLastMember() {
        tree.subscribe(Subscription.shared("c1", "g", "a", 0));
        tree.subscribe(Subscription.shared("c2", "g", "a", 0));

        tree.unsubscribe("c1", "a", "g");
        assertThat(tree.sharedGroup("g", "a").members()).extracting(Subscription::clientId).containsExactly("c2");

        tree.unsubscribe("c2", "a", "g");
        assertThat(tree.sharedGroup("g", "a")).isNull();
        assertThat(shared("a")).isEmpty();
    }

    @Test
    void subscriptionsOfListsAClientsSubscriptionsInOrder() {
        tree.subscribe(Subscription.of("c1", "x", 0));
        tree.subscribe(Subscription.shared("c1", "g", "y", 0));
        tree.subscribe(Subscription.of("c2", "x", 0));
        tree.subscribe(Subscription.of("c1", "z/#", 0));

        assertThat(tree.subscriptionsOf("c1")).extracting(Subscription::filter).containsExactly("x", "y", "z/#");
        assertThat(tree.subscriptionsOf("nobody")).isEmpty();
    }

    @Test
    void invalidFilterIsRejectedOnSubscribe() {
        assertThatThrownBy(() -> tree.subscribe(Subscription.of("c1", "a/#/b", 0)))
                .isInstanceOf(InvalidTopicFilterException.class);
        assertThat(tree.subscriptionCount()).isZero();
    }

    @Test
    void hundredThousandSubscriptionsAreIndexedAndMatched() {
        int clients = 100_000;
        for (int i = 0; i < clients; i++) {
            tree.subscribe(Subscription.of("dev-" + i, "devices/" + i + "/cmd", 1));
        }
        for (int i = 0; i < 1_000; i++) {
            tree.subscribe(Subscription.of("mon-" + i, "devices/+/" + (i % 2 == 0 ? "cmd" : "#"), 0));
        }
        tree.subscribe(Subscription.shared("w1", "g", "devices/#", 0));

        assertThat(tree.subscriptionCount()).isEqualTo(clients + 1_000 + 1);
        List<String> found = new ArrayList<>();
        List<SharedGroup> groups = new ArrayList<>();
        tree.match("devices/4242/cmd", s -> found.add(s.clientId()), groups::add);
        assertThat(found).hasSize(1 + 1_000).contains("dev-4242").doesNotContain("dev-4243");
        assertThat(groups).hasSize(1);

        for (int i = 0; i < clients; i += 2) {
            tree.unsubscribe("dev-" + i, "devices/" + i + "/cmd", null);
        }
        assertThat(tree.subscriptionCount()).isEqualTo(clients / 2 + 1_000 + 1);
        assertThat(direct("devices/4242/cmd")).hasSize(1_000);
        assertThat(direct("devices/4243/cmd")).hasSize(1_001);
    }
}

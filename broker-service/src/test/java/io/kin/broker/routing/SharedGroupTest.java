package io.kin.broker.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedGroupTest {

    private static final Predicate<String> EVERYONE_ONLINE = id -> true;
    private static final Predicate<String> NOBODY_ONLINE = id -> false;

    private static SharedGroup groupOf(DispatchStrategy strategy, String... clientIds) {
        SharedGroup group = new SharedGroup("g", "jobs/#", strategy);
        for (String id : clientIds) {
            group.add(Subscription.shared(id, "g", "jobs/#", 1));
        }
        return group;
    }

    private static List<String> picks(SharedGroup group, String publisher, Predicate<String> online, int times) {
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            picked.add(group.pick(publisher, online).clientId());
        }
        return picked;
    }

    @Test
    void emptyGroupPicksNobody() {
        for (DispatchStrategy strategy : DispatchStrategy.values()) {
            assertThat(groupOf(strategy).pick("p", EVERYONE_ONLINE)).as(strategy.name()).isNull();
        }
    }

    @Test
    void membersKeepJoiningOrderAndTheirPlaceWhenReplaced() {
        SharedGroup group = groupOf(DispatchStrategy.ROUND_ROBIN, "a", "b", "c");

        assertThat(group.add(Subscription.shared("a", "g", "jobs/#", 2))).isTrue();
        assertThat(group.members()).extracting(Subscription::clientId).containsExactly("a", "b", "c");
        assertThat(group.members().get(0).qos()).isEqualTo(2);
        assertThat(group.remove("b")).isTrue();
        assertThat(group.remove("b")).isFalse();
        assertThat(group.members()).extracting(Subscription::clientId).containsExactly("a", "c");
        assertThat(group.size()).isEqualTo(2);
        assertThat(group.name()).isEqualTo("g");
        assertThat(group.filter()).isEqualTo("jobs/#");
    }

    @Test
    void roundRobinCyclesThroughMembers() {
        SharedGroup group = groupOf(DispatchStrategy.ROUND_ROBIN, "a", "b", "c");

        assertThat(picks(group, "p", EVERYONE_ONLINE, 7)).containsExactly("a", "b", "c", "a", "b", "c", "a");
    }

    @Test
    void roundRobinSkipsOfflineMembers() {
        SharedGroup group = groupOf(DispatchStrategy.ROUND_ROBIN, "a", "b", "c");

        assertThat(picks(group, "p", id -> !id.equals("b"), 6)).doesNotContain("b").contains("a", "c");
    }

    @Test
    void randomPicksOnlyOnlineMembersAndReachesAllOfThem() {
        SharedGroup group = groupOf(DispatchStrategy.RANDOM, "a", "b", "c", "d");

        Set<String> picked = new HashSet<>(picks(group, "p", id -> !id.equals("d"), 500));

        assertThat(picked).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void stickyStaysOnOneMemberWhileItIsPresent() {
        SharedGroup group = groupOf(DispatchStrategy.STICKY, "a", "b", "c");
        String first = group.pick("p1", EVERYONE_ONLINE).clientId();

        assertThat(picks(group, "p2", EVERYONE_ONLINE, 10)).containsOnly(first);

        group.add(Subscription.shared("z", "g", "jobs/#", 0));
        group.add(Subscription.shared(first, "g", "jobs/#", 2)); // replaced options keep it sticky
        assertThat(picks(group, "p3", EVERYONE_ONLINE, 10)).containsOnly(first);
        assertThat(group.pick("p3", EVERYONE_ONLINE).qos()).isEqualTo(2);

        group.remove(first);
        String second = group.pick("p1", EVERYONE_ONLINE).clientId();
        assertThat(second).isNotEqualTo(first);
        assertThat(picks(group, "p4", EVERYONE_ONLINE, 10)).containsOnly(second);
    }

    @Test
    void stickyMovesToAnOnlineMemberWhenItsMemberGoesOffline() {
        SharedGroup group = groupOf(DispatchStrategy.STICKY, "a", "b");
        assertThat(group.pick("p", EVERYONE_ONLINE).clientId()).isEqualTo("a");

        assertThat(picks(group, "p", id -> id.equals("b"), 3)).containsOnly("b");
        assertThat(picks(group, "p", EVERYONE_ONLINE, 3)).as("b is now the sticky one").containsOnly("b");
        assertThat(picks(group, "p", NOBODY_ONLINE, 3)).as("nobody online: keep queueing to b").containsOnly("b");
    }

    @Test
    void stickyNeverKeepsAMemberThatLeftWhilePicksRanConcurrently() throws Exception {
        SharedGroup group = groupOf(DispatchStrategy.STICKY, "keeper");
        AtomicBoolean changing = new AtomicBoolean(true);
        List<Thread> pickers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread picker = new Thread(() -> {
                while (changing.get()) {
                    group.pick("p", EVERYONE_ONLINE);
                }
            });
            picker.start();
            pickers.add(picker);
        }
        for (int i = 0; i < 20_000; i++) {
            group.add(Subscription.shared("m" + (i % 5), "g", "jobs/#", 0));
            group.remove("m" + ((i + 2) % 5));
        }
        for (int i = 0; i < 5; i++) {
            group.remove("m" + i);
        }
        changing.set(false);
        for (Thread picker : pickers) {
            picker.join();
        }

        assertThat(group.pick("p", EVERYONE_ONLINE).clientId()).isEqualTo("keeper");
    }

    @Test
    void hashKeepsEachPublisherOnOneMember() {
        SharedGroup group = groupOf(DispatchStrategy.HASH, "a", "b", "c", "d", "e");
        Set<String> used = new HashSet<>();
        for (int p = 0; p < 50; p++) {
            List<String> picked = picks(group, "publisher-" + p, EVERYONE_ONLINE, 5);
            assertThat(new HashSet<>(picked)).hasSize(1);
            used.add(picked.get(0));
        }
        assertThat(used).as("similar publisher ids spread over the members").hasSizeGreaterThan(2);
    }

    @Test
    void hashMovesAPublisherOnlyWhenItsMemberIsOffline() {
        SharedGroup group = groupOf(DispatchStrategy.HASH, "a", "b", "c");
        String usual = group.pick("pub", EVERYONE_ONLINE).clientId();

        String instead = group.pick("pub", id -> !id.equals(usual)).clientId();

        assertThat(instead).isNotEqualTo(usual);
        assertThat(group.pick("pub", EVERYONE_ONLINE).clientId()).isEqualTo(usual);
        assertThat(group.pick(null, EVERYONE_ONLINE)).as("broker-made messages have no publisher").isNotNull();
    }

    @Test
    void onlineMembersArePreferredByEveryStrategy() {
        for (DispatchStrategy strategy : DispatchStrategy.values()) {
            SharedGroup group = groupOf(strategy, "a", "b", "c", "d");
            for (int p = 0; p < 20; p++) {
                assertThat(group.pick("pub-" + p, id -> id.equals("c")).clientId()).as(strategy.name())
                        .isEqualTo("c");
            }
        }
    }

    @Test
    void whenNobodyIsOnlineSomeMemberIsStillPickedSoTheMessageIsQueued() {
        for (DispatchStrategy strategy : DispatchStrategy.values()) {
            SharedGroup group = groupOf(strategy, "a", "b");
            assertThat(group.pick("pub", NOBODY_ONLINE)).as(strategy.name()).isNotNull();
        }
    }

    @Test
    void strategyIsReadFromItsConfigurationSpelling() {
        assertThat(DispatchStrategy.fromConfig("round-robin")).isEqualTo(DispatchStrategy.ROUND_ROBIN);
        assertThat(DispatchStrategy.fromConfig("Random")).isEqualTo(DispatchStrategy.RANDOM);
        assertThat(DispatchStrategy.fromConfig(" STICKY ")).isEqualTo(DispatchStrategy.STICKY);
        assertThat(DispatchStrategy.fromConfig("hash")).isEqualTo(DispatchStrategy.HASH);
        assertThatThrownBy(() -> DispatchStrategy.fromConfig("fastest"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("round-robin");
        assertThatThrownBy(() -> DispatchStrategy.fromConfig(null)).isInstanceOf(IllegalArgumentException.class);
    }
}

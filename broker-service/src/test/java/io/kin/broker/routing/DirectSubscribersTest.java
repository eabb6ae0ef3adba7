package io.kin.broker.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class DirectSubscribersTest {

    private static List<Subscription> all(DirectSubscribers subs) {
        List<Subscription> seen = new ArrayList<>();
        subs.forEach(seen::add);
        return seen;
    }

    private static Subscription sub(String client, int qos) {
        return Subscription.of(client, "a/b", qos);
    }

    @Test
    void aSecondSubscribeOfTheSameClientReplacesTheFirst() {
        DirectSubscribers subs = new DirectSubscribers();
        assertThat(subs.put(sub("c1", 0))).isFalse();
        assertThat(subs.put(sub("c2", 0))).isFalse();
        assertThat(subs.put(sub("c1", 2))).isTrue();

        assertThat(all(subs)).containsExactlyInAnyOrder(sub("c1", 2), sub("c2", 0));
        assertThat(subs.size()).isEqualTo(2);
    }

    @Test
    void removingLeavesEveryOtherSubscriberAndReportsUnknownClients() {
        DirectSubscribers subs = new DirectSubscribers();
        for (int i = 0; i < 5; i++) {
            subs.put(sub("c" + i, 1));
        }
        assertThat(subs.remove("c2")).isTrue();
        assertThat(subs.remove("c2")).isFalse();
        assertThat(subs.remove("nobody")).isFalse();

        assertThat(all(subs)).extracting(Subscription::clientId).containsExactlyInAnyOrder("c0", "c1", "c3", "c4");
    }

    @Test
    void manySubscribersSurviveRandomChurnWithCompactionAndTheIndex() {
        DirectSubscribers subs = new DirectSubscribers();
        Set<String> expected = new HashSet<>();
        Random random = new Random(3);
        for (int op = 0; op < 50_000; op++) {
            String client = "c" + random.nextInt(2_000);
            if (random.nextInt(3) == 0) {
                assertThat(subs.remove(client)).isEqualTo(expected.remove(client));
            } else {
                assertThat(subs.put(sub(client, 1))).isEqualTo(!expected.add(client));
            }
        }
        // then empty it almost completely, which compacts repeatedly and drops the index
        List<String> clients = new ArrayList<>(expected);
        for (String client : clients.subList(0, clients.size() - 3)) {
            assertThat(subs.remove(client)).isTrue();
            expected.remove(client);
        }
        assertThat(all(subs)).extracting(Subscription::clientId).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(subs.size()).isEqualTo(3);
        for (String client : List.copyOf(expected)) {
            subs.remove(client);
        }
        assertThat(subs.isEmpty()).isTrue();
        assertThat(all(subs)).isEmpty();
    }

    @Test
    void aReaderAlwaysSeesTheSubscribersThatNeitherCameNorWentDuringItsWalk() throws Exception {
        DirectSubscribers subs = new DirectSubscribers();
        for (int i = 0; i < 100; i++) {
            subs.put(sub("stable-" + i, 1));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (writing.get() && failure.get() == null) {
                Set<String> seen = new HashSet<>();
                subs.forEach(s -> seen.add(s.clientId()));
                for (int i = 0; i < 100; i++) {
                    if (!seen.contains("stable-" + i)) {
                        failure.set("missed stable-" + i);
                    }
                }
            }
        });
        reader.start();
        Random random = new Random(5);
        for (int op = 0; op < 200_000; op++) {
            String client = "churn-" + random.nextInt(500);
            if (random.nextBoolean()) {
                subs.remove(client);
            } else {
                subs.put(sub(client, 0));
            }
        }
        writing.set(false);
        reader.join();
        assertThat(failure.get()).isNull();
    }
}

package io.kin.broker.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TopicTreeConcurrencyTest {

    private static final String[] FILTERS = {"a/b/c", "a/+/c", "a/#", "#", "+/b/+", "x/y", "x/+", "a/b", "$SYS/#"};
    private static final String[] TOPICS = {"a/b/c", "a/b", "x/y", "a", "$SYS/load", "q/b/r"};

    @Test
    void matchingWhileOtherThreadsSubscribeAndUnsubscribeIsSafeAndEndsInTheRightState() throws Exception {
        TopicTree tree = new TopicTree(DispatchStrategy.ROUND_ROBIN);
        int writers = 4;
        int readers = 4;
        int opsPerWriter = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch start = new CountDownLatch(1);
        AtomicLong matched = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> writerDone = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                writerDone.add(pool.submit(() -> {
                    await(start);
                    Random random = new Random(writer);
                    for (int op = 0; op < opsPerWriter; op++) {
                        String client = "w" + writer + "-c" + random.nextInt(20);
                        String filter = FILTERS[random.nextInt(FILTERS.length)];
                        String group = random.nextInt(4) == 0 ? "g" + random.nextInt(2) : null;
                        if (random.nextBoolean()) {
                            tree.subscribe(new Subscription(client, filter, group, 1, false, false, 0, 0));
                        } else {
                            tree.unsubscribe(client, filter, group);
                        }
                    }
                    // end state: each writer's client 0 keeps one subscription per filter, everyone else nothing
                    for (int c = 0; c < 20; c++) {
                        for (String filter : FILTERS) {
                            String client = "w" + writer + "-c" + c;
                            tree.unsubscribe(client, filter, null);
                            tree.unsubscribe(client, filter, "g0");
                            tree.unsubscribe(client, filter, "g1");
                            if (c == 0) {
                                tree.subscribe(Subscription.of(client, filter, 0));
                            }
                        }
                    }
                }));
            }
            List<Future<?>> readerDone = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                int reader = r;
                readerDone.add(pool.submit(() -> {
                    await(start);
                    int i = reader;
                    while (writing.get()) {
                        try {
                            tree.match(TOPICS[i++ % TOPICS.length], s -> matched.incrementAndGet(), g -> {
                                if (g.pick("pub", id -> true) != null) {
                                    matched.incrementAndGet();
                                }
                            });
                        } catch (Throwable t) {
                            failures.add(t);
                            return;
                        }
                    }
                }));
            }
            start.countDown();
            for (Future<?> f : writerDone) {
                f.get(2, TimeUnit.MINUTES);
            }
            writing.set(false);
            for (Future<?> f : readerDone) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(failures).isEmpty();
        assertThat(matched.get()).isPositive();
        assertThat(tree.subscriptionCount()).isEqualTo(writers * FILTERS.length);
        for (int w = 0; w < writers; w++) {
            assertThat(tree.subscriptionsOf("w" + w + "-c0")).hasSize(FILTERS.length);
            assertThat(tree.subscriptionsOf("w" + w + "-c1")).isEmpty();
        }
        List<String> onABC = new ArrayList<>();
        List<SharedGroup> groups = new ArrayList<>();
        tree.match("a/b/c", s -> onABC.add(s.filter()), groups::add);
        assertThat(onABC).hasSize(writers * 5); // a/b/c, a/+/c, a/#, #, +/b/+
        assertThat(groups).isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

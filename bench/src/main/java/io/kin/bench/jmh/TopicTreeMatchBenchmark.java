package io.kin.bench.jmh;

import io.kin.broker.routing.TopicTree;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Time to find every subscription that matches one published topic, at 10k, 100k and 1M subscriptions.
 * Sample mode reports the median (target: at most 2 µs at 1M).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms4g", "-Xmx8g"})
public class TopicTreeMatchBenchmark {

    @Param({"10000", "100000", "1000000"})
    int subscriptions;

    TopicTree tree;
    String[] topics;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        tree = SubscriptionSet.build(subscriptions, 42);
        SplittableRandom random = new SplittableRandom(7);
        topics = new String[4096];
        int devices = SubscriptionSet.devicesPerSite(subscriptions);
        for (int i = 0; i < topics.length; i++) {
            topics[i] = SubscriptionSet.deviceTopic(random.nextInt(SubscriptionSet.TENANTS),
                    random.nextInt(SubscriptionSet.SITES), random.nextInt(devices));
        }
    }

    @Benchmark
    public void match(Blackhole bh) {
        String topic = topics[next++ & (topics.length - 1)];
        tree.match(topic, bh::consume, bh::consume);
    }
}

package io.kin.bench.jmh;

import io.kin.broker.message.Message;
import io.kin.broker.message.MessageProperties;
import io.kin.broker.retain.RetainedIndex;
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

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/** Retained messages found for a subscription: an exact topic, a '+' over one site, a '#' over a site. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx4g"})
public class RetainedLookupBenchmark {

    @Param({"100000"})
    int retained;

    RetainedIndex index;
    int next;
    int devices;

    @Setup(Level.Trial)
    public void setUp() {
        index = new RetainedIndex();
        devices = Math.max(1, retained / (SubscriptionSet.TENANTS * SubscriptionSet.SITES));
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < retained; i++) {
            String topic = SubscriptionSet.deviceTopic(random.nextInt(SubscriptionSet.TENANTS),
                    random.nextInt(SubscriptionSet.SITES), random.nextInt(devices));
            index.put(new Message(i, topic, new byte[]{1}, 1, true, MessageProperties.NONE, "c", null, 0, 0));
        }
    }

    @Benchmark
    public Message exactTopic() {
        int i = next++;
        return index.get(SubscriptionSet.deviceTopic(i % SubscriptionSet.TENANTS, i % SubscriptionSet.SITES,
                i % devices));
    }

    @Benchmark
    public List<Message> plusWildcardOverSites() {
        int i = next++;
        return index.match("tenant/" + (i % SubscriptionSet.TENANTS) + "/site/+/device/" + (i % devices) + "/telemetry");
    }

    @Benchmark
    public List<Message> hashWildcardOverOneSite() {
        int i = next++;
        return index.match("tenant/" + (i % SubscriptionSet.TENANTS) + "/site/" + (i % SubscriptionSet.SITES) + "/#");
    }
}

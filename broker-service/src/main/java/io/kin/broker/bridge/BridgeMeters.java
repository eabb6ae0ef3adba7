package io.kin.broker.bridge;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * The {@code kin.bridge.*} meters of one bridge name, tagged {@code bridge=<name>}. They belong to the name, not to
 * one bridge instance, so a configuration change (which rebuilds the bridge) does not reset them.
 */
final class BridgeMeters {

    /** Why a record was dropped without being tried (tag {@code reason} of {@code kin.bridge.dropped}). */
    enum DropReason {
        BUFFER_FULL, DISABLED, CLOSED
    }

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final Counter enqueued;
    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Map<DropReason, Counter> dropped = new EnumMap<>(DropReason.class);
    private volatile IntSupplier depth = () -> 0;

    BridgeMeters(MeterRegistry registry, String bridge) {
        this.registry = registry;
        Tags tags = Tags.of("bridge", bridge);
        enqueued = counter("kin.bridge.enqueued", "records accepted into the buffer", tags);
        sent = counter("kin.bridge.sent", "records the external system accepted", tags);
        failed = counter("kin.bridge.failed", "records given up on after their retries", tags);
        retried = counter("kin.bridge.retried", "delivery attempts repeated after a failure", tags);
        for (DropReason r : DropReason.values()) {
            dropped.put(r, counter("kin.bridge.dropped", "records dropped without an attempt",
                    tags.and("reason", r.name().toLowerCase(java.util.Locale.ROOT))));
        }
        meters.add(Gauge.builder("kin.bridge.buffer.depth", this, m -> m.depth.getAsInt())
                .description("records waiting in the buffer").tags(tags).register(registry));
    }

    private Counter counter(String name, String description, Tags tags) {
        Counter c = Counter.builder(name).description(description).tags(tags).register(registry);
        meters.add(c);
        return c;
    }

    /** The buffer the depth gauge reads (the bridge instance now serving the name). */
    void depthFrom(IntSupplier depth) {
        this.depth = depth;
    }

    void enqueued() {
        enqueued.increment();
    }

    void sent() {
        sent.increment();
    }

    void failed() {
        failed.increment();
    }

    void retried() {
        retried.increment();
    }

    void dropped(DropReason reason, int records) {
        dropped.get(reason).increment(records);
    }

    long enqueuedCount() {
        return (long) enqueued.count();
    }

    long sentCount() {
        return (long) sent.count();
    }

    long failedCount() {
        return (long) failed.count();
    }

    long retriedCount() {
        return (long) retried.count();
    }

    long droppedCount() {
        double total = 0;
        for (Counter c : dropped.values()) {
            total += c.count();
        }
        return (long) total;
    }

    /** Unregisters the meters (the bridge name is gone). */
    void remove() {
        meters.forEach(registry::remove);
    }
}

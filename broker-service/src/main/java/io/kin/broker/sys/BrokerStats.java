package io.kin.broker.sys;

import io.kin.broker.events.BrokerEvent;
import io.kin.broker.events.BrokerEvents;
import io.kin.broker.message.Message;
import io.kin.broker.session.Delivery;
import io.kin.broker.session.SessionListener;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's running totals, kept with cheap adders on the hot path and read by $SYS and Micrometer
 * ({@code /q/metrics}).
 */
@ApplicationScoped
public class BrokerStats implements SessionListener {

    private final long startedAt = System.currentTimeMillis();
    private final LongAdder received = new LongAdder();
    private final LongAdder receivedBytes = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder sentBytes = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);
    private final LongAdder connects = new LongAdder();
    private final AtomicLong connected = new AtomicLong();
    private final AtomicLong maxConnected = new AtomicLong();

    private final BrokerEvents events;

    BrokerStats(MeterRegistry registry, BrokerEvents events) {
        this.events = events;
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new LongAdder());
            LongAdder adder = dropped.get(r);
            registry.more().counter("kin.messages.dropped", java.util.List.of(
                    io.micrometer.core.instrument.Tag.of("reason", r.name().toLowerCase())), adder, LongAdder::doubleValue);
        }
        registry.more().counter("kin.messages.received", java.util.List.of(), received, LongAdder::doubleValue);
        registry.more().counter("kin.messages.sent", java.util.List.of(), sent, LongAdder::doubleValue);
        registry.more().counter("kin.messages.acknowledged", java.util.List.of(), acknowledged, LongAdder::doubleValue);
        registry.more().counter("kin.bytes.received", java.util.List.of(), receivedBytes, LongAdder::doubleValue);
        registry.more().counter("kin.bytes.sent", java.util.List.of(), sentBytes, LongAdder::doubleValue);
        registry.more().counter("kin.clients.connects", java.util.List.of(), connects, LongAdder::doubleValue);
        registry.gauge("kin.clients.connected", connected);
        registry.gauge("kin.clients.maximum", maxConnected);
    }

    public void received(Message m) {
        received.increment();
        receivedBytes.add(m.payload().length);
    }

    @Override
    public void delivered(String clientId, Delivery delivery) {
        sent.increment();
        sentBytes.add(delivery.message().payload().length);
        if (events.wantsMessageEvents()) {
            events.emit(new BrokerEvent.MessageDelivered(clientId, delivery.message(), System.currentTimeMillis()));
        }
    }

    @Override
    public void acknowledged(String clientId, Delivery delivery) {
        acknowledged.increment();
        if (events.wantsMessageEvents()) {
            events.emit(new BrokerEvent.MessageAcked(clientId, delivery.message(), System.currentTimeMillis()));
        }
    }

    @Override
    public void dropped(String clientId, Delivery delivery, DropReason reason) {
        dropped.get(reason).increment();
        if (events.wantsMessageEvents()) {
            // the reason as the metric's tag names it (queue_full, qos0_offline, ...)
            events.emit(new BrokerEvent.MessageDropped(clientId, delivery.message(),
                    reason.name().toLowerCase(java.util.Locale.ROOT), System.currentTimeMillis()));
        }
    }

    public void clientConnected() {
        connects.increment();
        long now = connected.incrementAndGet();
        maxConnected.accumulateAndGet(now, Math::max);
    }

    public void clientDisconnected() {
        connected.decrementAndGet();
    }

    public long startedAt() {
        return startedAt;
    }

    public long received() {
        return received.sum();
    }

    public long receivedBytes() {
        return receivedBytes.sum();
    }

    public long sent() {
        return sent.sum();
    }

    public long sentBytes() {
        return sentBytes.sum();
    }

    public long dropped() {
        long total = 0;
        for (LongAdder a : dropped.values()) {
            total += a.sum();
        }
        return total;
    }

    public long dropped(DropReason reason) {
        return dropped.get(reason).sum();
    }

    public long connected() {
        return connected.get();
    }

    public long maximumConnected() {
        return maxConnected.get();
    }

    public long totalConnects() {
        return connects.sum();
    }
}

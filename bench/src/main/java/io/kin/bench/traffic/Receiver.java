package io.kin.bench.traffic;

import io.kin.bench.measure.LatencyRecorder;
import io.kin.bench.measure.SequenceLedger;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/** Turns each delivered payload into a latency sample and a sequence-ledger entry. */
public final class Receiver implements Consumer<ByteBuffer> {

    private final SequenceLedger ledger;
    private final IntFunction<LatencyRecorder> latencyByPublisher;
    private final LongAdder foreign;

    /** @param foreign counts payloads that are not load messages (someone else publishing on our topics) */
    public Receiver(SequenceLedger ledger, LatencyRecorder latency, LongAdder foreign) {
        this(ledger, publisherId -> latency, foreign);
    }

    /**
     * @param latencyByPublisher where each publisher's latencies go, e.g. one recorder per QoS when publishers differ
     *                           in QoS; {@code null} for a publisher whose latencies are not recorded
     */
    public Receiver(SequenceLedger ledger, IntFunction<LatencyRecorder> latencyByPublisher, LongAdder foreign) {
        this.ledger = ledger;
        this.latencyByPublisher = latencyByPublisher;
        this.foreign = foreign;
    }

    @Override
    public void accept(ByteBuffer payload) {
        long now = System.nanoTime();
        Payload.Header header = Payload.decode(payload);
        if (header == null) {
            foreign.increment();
            return;
        }
        LatencyRecorder latency = latencyByPublisher.apply(header.publisherId());
        if (latency != null) {
            latency.record(now - header.sendNanos());
        }
        ledger.record(header.publisherId(), header.sequence(), now);
    }
}

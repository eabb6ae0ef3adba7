package io.kin.bench.traffic;

import io.kin.bench.measure.LatencyRecorder;
import io.kin.bench.measure.SequenceLedger;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** Turns each delivered payload into a latency sample and a sequence-ledger entry. */
public final class Receiver implements Consumer<ByteBuffer> {

    private final SequenceLedger ledger;
    private final LatencyRecorder latency;
    private final LongAdder foreign;

    /** @param foreign counts payloads that are not load messages (someone else publishing on our topics) */
    public Receiver(SequenceLedger ledger, LatencyRecorder latency, LongAdder foreign) {
        this.ledger = ledger;
        this.latency = latency;
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
        latency.record(now - header.sendNanos());
        ledger.record(header.publisherId(), header.sequence(), now);
    }
}

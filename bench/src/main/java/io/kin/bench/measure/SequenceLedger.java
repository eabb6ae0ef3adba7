package io.kin.bench.measure;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sequence numbers one receiver has seen, per publisher. A receiver is one subscriber, or a whole shared
 * subscription group (the group as a whole must get each message once).
 *
 * <p>Deliveries arrive on the MQTT clients' event-loop threads, possibly several at once for a shared group, so
 * recording is synchronized; it is uncontended for an ordinary subscriber.
 */
public final class SequenceLedger {

    private final Set<Integer> expectedPublishers;
    private final Map<Integer, PublisherStream> streams = new HashMap<>();
    private long received;
    private long unexpected;
    private volatile long lastDeliveryNanos;

    /** @param expectedPublishers the publishers whose every message this receiver should get */
    public SequenceLedger(Set<Integer> expectedPublishers) {
        this.expectedPublishers = Set.copyOf(expectedPublishers);
    }

    public Set<Integer> expectedPublishers() {
        return expectedPublishers;
    }

    public synchronized void record(int publisherId, long sequence, long receivedAtNanos) {
        received++;
        lastDeliveryNanos = receivedAtNanos;
        if (!expectedPublishers.contains(publisherId) || sequence < 0 || sequence > Integer.MAX_VALUE) {
            unexpected++;
            return;
        }
        streams.computeIfAbsent(publisherId, id -> new PublisherStream()).record((int) sequence);
    }

    public synchronized long received() {
        return received;
    }

    /** Deliveries from publishers this receiver should not hear from (a crossed topic, a foreign message). */
    public synchronized long unexpected() {
        return unexpected;
    }

    public long lastDeliveryNanos() {
        return lastDeliveryNanos;
    }

    /** Distinct sequence numbers received, over all expected publishers. */
    public synchronized long distinct() {
        long distinct = 0;
        for (PublisherStream stream : streams.values()) {
            distinct += stream.distinct;
        }
        return distinct;
    }

    /** Counts for one publisher that sent sequence numbers {@code 0 .. sent-1}. */
    public synchronized SequenceCounts countsFor(int publisherId, long sent) {
        PublisherStream stream = streams.get(publisherId);
        if (stream == null) {
            return new SequenceCounts(sent, 0, sent, 0, 0);
        }
        // only numbers below `sent` count as delivered: anything above was never reported as sent
        long distinctSent = stream.seen.get(0, (int) Math.min(sent, Integer.MAX_VALUE)).cardinality();
        return new SequenceCounts(sent, stream.received, sent - distinctSent, stream.duplicated, stream.outOfOrder);
    }

    /** Counts over every expected publisher; {@code sentByPublisher} holds how many each one sent. */
    public synchronized SequenceCounts counts(Map<Integer, Long> sentByPublisher) {
        SequenceCounts total = SequenceCounts.NONE;
        for (int publisherId : expectedPublishers) {
            total = total.plus(countsFor(publisherId, sentByPublisher.getOrDefault(publisherId, 0L)));
        }
        return total;
    }

    private static final class PublisherStream {
        final BitSet seen = new BitSet();
        long highest = -1;
        long received;
        long distinct;
        long duplicated;
        long outOfOrder;

        void record(int sequence) {
            received++;
            if (seen.get(sequence)) {
                duplicated++;
                return;
            }
            seen.set(sequence);
            distinct++;
            if (sequence < highest) {
                outOfOrder++;
            } else {
                highest = sequence;
            }
        }
    }
}

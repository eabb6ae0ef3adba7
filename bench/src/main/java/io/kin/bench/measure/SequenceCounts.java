package io.kin.bench.measure;

/**
 * What one receiver got from one or more publishers, judged by sequence numbers.
 *
 * @param expected   messages the publishers sent that this receiver should have got
 * @param received   every delivery, duplicates included
 * @param lost       sent sequence numbers never received
 * @param duplicated deliveries of a sequence number already received
 * @param outOfOrder first deliveries of a sequence number lower than one already received from the same publisher
 */
public record SequenceCounts(long expected, long received, long lost, long duplicated, long outOfOrder) {

    public static final SequenceCounts NONE = new SequenceCounts(0, 0, 0, 0, 0);

    public long distinct() {
        return received - duplicated;
    }

    public SequenceCounts plus(SequenceCounts other) {
        return new SequenceCounts(expected + other.expected, received + other.received, lost + other.lost,
                duplicated + other.duplicated, outOfOrder + other.outOfOrder);
    }
}

package io.kin.bench.measure;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceLedgerTest {

    @Test
    void lostAndDuplicatedMessagesAreCountedPerPublisher() {
        SequenceLedger ledger = new SequenceLedger(Set.of(0, 1));
        for (long sequence : new long[] {0, 1, 1, 3, 4}) {   // 2 lost, 1 duplicated
            ledger.record(0, sequence, 0);
        }
        for (long sequence : new long[] {0, 1, 2, 2, 2}) {   // 3 and 4 lost, 2 duplicated twice
            ledger.record(1, sequence, 0);
        }

        assertThat(ledger.countsFor(0, 5)).isEqualTo(new SequenceCounts(5, 5, 1, 1, 0));
        assertThat(ledger.countsFor(1, 5)).isEqualTo(new SequenceCounts(5, 5, 2, 2, 0));
        assertThat(ledger.counts(Map.of(0, 5L, 1, 5L))).isEqualTo(new SequenceCounts(10, 10, 3, 3, 0));
    }

    @Test
    void outOfOrderDeliveriesAreCountedWithoutBeingLostOrDuplicated() {
        SequenceLedger ledger = new SequenceLedger(Set.of(7));
        for (long sequence : new long[] {0, 2, 1, 4, 3}) {
            ledger.record(7, sequence, 0);
        }

        SequenceCounts counts = ledger.countsFor(7, 5);
        assertThat(counts.outOfOrder()).isEqualTo(2);
        assertThat(counts.lost()).isZero();
        assertThat(counts.duplicated()).isZero();
        assertThat(counts.distinct()).isEqualTo(5);
    }

    @Test
    void aDuplicateOfAnEarlierMessageIsADuplicateNotOutOfOrder() {
        SequenceLedger ledger = new SequenceLedger(Set.of(0));
        ledger.record(0, 0, 0);
        ledger.record(0, 1, 0);
        ledger.record(0, 0, 0);

        assertThat(ledger.countsFor(0, 2)).isEqualTo(new SequenceCounts(2, 3, 0, 1, 0));
    }

    @Test
    void everyMessageOfAPublisherNeverHeardFromIsLost() {
        SequenceLedger ledger = new SequenceLedger(Set.of(0, 1));
        ledger.record(0, 0, 0);

        assertThat(ledger.counts(Map.of(0, 1L, 1, 250L)).lost()).isEqualTo(250);
    }

    @Test
    void deliveriesFromPublishersTheReceiverDoesNotExpectAreSetAside() {
        SequenceLedger ledger = new SequenceLedger(Set.of(0));
        ledger.record(0, 0, 0);
        ledger.record(9, 0, 0);
        ledger.record(0, -1, 0);

        assertThat(ledger.unexpected()).isEqualTo(2);
        assertThat(ledger.received()).isEqualTo(3);
        assertThat(ledger.counts(Map.of(0, 1L, 9, 1L))).isEqualTo(new SequenceCounts(1, 1, 0, 0, 0));
    }

    @Test
    void theLastDeliveryTimeIsKept() {
        SequenceLedger ledger = new SequenceLedger(Set.of(0));
        ledger.record(0, 0, 100);
        ledger.record(0, 1, 250);

        assertThat(ledger.lastDeliveryNanos()).isEqualTo(250);
    }
}

package io.kin.bench.traffic;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublishPaceTest {

    @Test
    void pacedMessagesAreDueAtEvenIntervalsFromTheStart() {
        PublishPace pace = new PublishPace(1000);

        assertThat(pace.dueNanos(5_000, 0)).isEqualTo(5_000);
        assertThat(pace.dueNanos(5_000, 1)).isEqualTo(5_000 + 1_000_000);
        assertThat(pace.dueNanos(5_000, 2500)).isEqualTo(5_000 + 2_500_000_000L);
    }

    @Test
    void rateZeroMeansEveryMessageIsDueAtOnce() {
        PublishPace pace = new PublishPace(0);

        assertThat(pace.unpaced()).isTrue();
        assertThat(pace.dueNanos(5_000, 1_000_000)).isEqualTo(5_000);
    }

    @Test
    void waitingNeverRunsPastTheDeadline() {
        PublishPace pace = new PublishPace(1);  // message 100 would be due in 100 s
        long start = System.nanoTime();

        pace.awaitTurn(start, 100, start + 20_000_000);

        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}

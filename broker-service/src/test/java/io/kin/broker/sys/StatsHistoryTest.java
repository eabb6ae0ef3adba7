package io.kin.broker.sys;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory hour of $SYS figures behind {@code /internal/v1/stats/history}. */
class StatsHistoryTest {

    static final long T0 = Instant.parse("2026-11-26T20:00:00Z").toEpochMilli();

    @Test
    void historyKeepsTheLastHourAtTenSecondSteps() {
        StatsHistory history = new StatsHistory();
        // two hours of samples, each taken a little after its step
        for (int i = 0; i < 720; i++) {
            history.record(T0 + i * 10_000L + 1_234, Map.of("messages/received", (double) i));
        }

        List<StatsHistory.Sample> samples = history.samples();

        assertThat(samples).hasSize(360);
        assertThat(samples.get(0).at()).isEqualTo(Instant.ofEpochMilli(T0 + 360 * 10_000L));
        assertThat(samples.get(359).at()).isEqualTo(Instant.ofEpochMilli(T0 + 719 * 10_000L));
        for (int i = 1; i < samples.size(); i++) {
            assertThat(samples.get(i).at().toEpochMilli() - samples.get(i - 1).at().toEpochMilli())
                    .as("one step apart").isEqualTo(10_000L);
            assertThat(samples.get(i).at().toEpochMilli() % 10_000).as("on the 10 s grid").isZero();
        }
        assertThat(samples.get(359).figures()).containsEntry("messages/received", 719.0);
    }

    @Test
    void aSecondSampleInTheSameStepReplacesTheFirst() {
        StatsHistory history = new StatsHistory();
        history.record(T0 + 1_000, Map.of("clients/connected", 1.0));
        history.record(T0 + 9_999, Map.of("clients/connected", 2.0));
        history.record(T0 + 10_000, Map.of("clients/connected", 3.0));

        assertThat(history.samples()).extracting(s -> s.figures().get("clients/connected")).containsExactly(2.0, 3.0);
    }

    @Test
    void samplesOlderThanAnHourBeforeTheNewestAreNotAnsweredAfterAGap() {
        StatsHistory history = new StatsHistory();
        history.record(T0, Map.of("x", 1.0));
        history.record(T0 + 10_000, Map.of("x", 2.0));
        // the node was paused for 70 minutes
        history.record(T0 + 70 * 60_000L, Map.of("x", 3.0));

        assertThat(history.samples()).extracting(s -> s.figures().get("x")).containsExactly(3.0);
    }

    @Test
    void aSampleFromBeforeTheNewestIsIgnored() {
        StatsHistory history = new StatsHistory();
        history.record(T0 + 20_000, Map.of("x", 1.0));
        history.record(T0, Map.of("x", 2.0));

        assertThat(history.samples()).extracting(StatsHistory.Sample::at)
                .containsExactly(Instant.ofEpochMilli(T0 + 20_000));
    }

    @Test
    void anEmptyHistoryHasNoSamples() {
        assertThat(new StatsHistory().samples()).isEmpty();
    }
}

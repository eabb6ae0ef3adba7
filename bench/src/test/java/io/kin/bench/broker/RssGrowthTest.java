package io.kin.bench.broker;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RssGrowthTest {

    @Test
    void comparesTheLastMinuteWithTheFirstMinuteLeavingOutTheSampleBeforeTheLoad() {
        List<UsageSample> samples = new ArrayList<>();
        samples.add(new UsageSample(0, 1024, Double.NaN)); // idle broker before the load: not the baseline
        for (int second = 10; second <= 600; second += 10) {
            long rssKb = second <= 60 ? 100 * 1024 : second >= 540 ? 130 * 1024 : 115 * 1024;
            samples.add(new UsageSample(second * 1000L, rssKb, 20));
        }

        RssGrowth growth = RssGrowth.of(samples);

        assertThat(growth.window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(growth.firstWindowMb()).isEqualTo(100);
        assertThat(growth.lastWindowMb()).isEqualTo(130);
        assertThat(growth.ratio()).isCloseTo(1.3, within(1e-9));
        assertThat(growth.measured()).isTrue();
    }

    @Test
    void aRunShorterThanTwoMinutesUsesHalfOfItAsTheWindow() {
        List<UsageSample> samples = List.of(
                new UsageSample(0, 1024, Double.NaN),
                new UsageSample(1000, 10 * 1024, 5),
                new UsageSample(2000, 10 * 1024, 5),
                new UsageSample(3000, 20 * 1024, 5),
                new UsageSample(4000, 20 * 1024, 5));

        RssGrowth growth = RssGrowth.of(samples);

        assertThat(growth.window()).isEqualTo(Duration.ofSeconds(2));
        assertThat(growth.firstWindowMb()).isEqualTo(10);
        assertThat(growth.lastWindowMb()).isCloseTo(50 / 3.0, within(1e-9)); // the samples at 2 s, 3 s and 4 s
        assertThat(growth.ratio()).isCloseTo(5 / 3.0, within(1e-9));
    }

    @Test
    void withoutSamplesAfterTheStartThereIsNothingToJudge() {
        RssGrowth onlyStart = RssGrowth.of(List.of(new UsageSample(0, 1024, Double.NaN)));
        RssGrowth none = RssGrowth.of(List.of());

        assertThat(onlyStart.measured()).isFalse();
        assertThat(onlyStart.ratio()).isNaN();
        assertThat(none.measured()).isFalse();
    }
}

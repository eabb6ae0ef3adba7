package io.kin.bench.scenario;

import io.kin.bench.broker.RssGrowth;
import io.kin.bench.measure.SequenceCounts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SoakVerdictTest {

    private static final RssGrowth FLAT = new RssGrowth(Duration.ofMinutes(1), 100, 110);
    private static final double MAX_GROWTH = 1.5;

    @Test
    void aCleanRunWithFlatMemoryPasses() {
        SoakVerdict verdict = SoakVerdict.judge(counts(clean(), clean(), clean()), FLAT, MAX_GROWTH);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.exitCode()).isZero();
        assertThat(verdict.deliveryFailures()).isEmpty();
        assertThat(verdict.memoryFailures()).isEmpty();
    }

    @Test
    void qos0LossesAndQos1DuplicatesAreAllowed() {
        SequenceCounts qos0 = new SequenceCounts(1000, 900, 100, 0, 0);
        SequenceCounts qos1 = new SequenceCounts(1000, 1012, 0, 12, 0);

        SoakVerdict verdict = SoakVerdict.judge(counts(qos0, qos1, clean()), FLAT, MAX_GROWTH);

        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.exitCode()).isZero();
    }

    @Test
    void aLostQos1MessageFailsTheDeliveryGuarantee() {
        SequenceCounts qos1 = new SequenceCounts(1000, 999, 1, 0, 0);

        SoakVerdict verdict = SoakVerdict.judge(counts(clean(), qos1, clean()), FLAT, MAX_GROWTH);

        assertThat(verdict.deliveryBroken()).isTrue();
        assertThat(verdict.exitCode()).isEqualTo(ScenarioCommand.EXIT_GUARANTEE_BROKEN);
        assertThat(verdict.deliveryFailures()).containsExactly("QoS 1: 1 of 1,000 messages lost; QoS 1/2 must lose none");
    }

    @Test
    void aLostQos2MessageFailsTheDeliveryGuarantee() {
        SequenceCounts qos2 = new SequenceCounts(1000, 997, 3, 0, 0);

        SoakVerdict verdict = SoakVerdict.judge(counts(clean(), clean(), qos2), FLAT, MAX_GROWTH);

        assertThat(verdict.exitCode()).isEqualTo(ScenarioCommand.EXIT_GUARANTEE_BROKEN);
        assertThat(verdict.deliveryFailures()).singleElement().asString().startsWith("QoS 2: 3 of 1,000 messages lost");
    }

    @Test
    void aDuplicatedQos2MessageFailsTheDeliveryGuarantee() {
        SequenceCounts qos2 = new SequenceCounts(1000, 1001, 0, 1, 0);

        SoakVerdict verdict = SoakVerdict.judge(counts(clean(), clean(), qos2), FLAT, MAX_GROWTH);

        assertThat(verdict.exitCode()).isEqualTo(ScenarioCommand.EXIT_GUARANTEE_BROKEN);
        assertThat(verdict.deliveryFailures()).containsExactly("QoS 2: 1 duplicates; QoS 2 must deliver exactly once");
    }

    @Test
    void memoryGrowingBeyondTheLimitFailsWithItsOwnExitCode() {
        RssGrowth grew = new RssGrowth(Duration.ofMinutes(1), 100, 151);

        SoakVerdict verdict = SoakVerdict.judge(counts(clean(), clean(), clean()), grew, MAX_GROWTH);

        assertThat(verdict.deliveryBroken()).isFalse();
        assertThat(verdict.memoryGrew()).isTrue();
        assertThat(verdict.exitCode()).isEqualTo(SoakVerdict.EXIT_MEMORY_GREW);
        assertThat(verdict.memoryFailures()).singleElement().asString()
                .contains("grew 1.51x", "100.0 MB in the first 60 s", "151.0 MB in the last 60 s", "--max-rss-growth 1.50");
    }

    @Test
    void growthExactlyAtTheLimitPasses() {
        RssGrowth atLimit = new RssGrowth(Duration.ofMinutes(1), 100, 150);

        assertThat(SoakVerdict.judge(counts(clean(), clean(), clean()), atLimit, MAX_GROWTH).passed()).isTrue();
    }

    @Test
    void aBrokenGuaranteeOutranksGrownMemory() {
        RssGrowth grew = new RssGrowth(Duration.ofMinutes(1), 100, 300);
        SequenceCounts qos1 = new SequenceCounts(1000, 999, 1, 0, 0);

        SoakVerdict verdict = SoakVerdict.judge(counts(clean(), qos1, clean()), grew, MAX_GROWTH);

        assertThat(verdict.deliveryBroken()).isTrue();
        assertThat(verdict.memoryGrew()).isTrue();
        assertThat(verdict.exitCode()).isEqualTo(ScenarioCommand.EXIT_GUARANTEE_BROKEN);
    }

    @Test
    void memoryIsNotJudgedWithoutASeriesOrWithTooShortARun() {
        RssGrowth tooShort = new RssGrowth(Duration.ZERO, Double.NaN, 500);

        assertThat(SoakVerdict.judge(counts(clean(), clean(), clean()), null, MAX_GROWTH).passed()).isTrue();
        assertThat(SoakVerdict.judge(counts(clean(), clean(), clean()), tooShort, MAX_GROWTH).passed()).isTrue();
    }

    @Test
    void aQosNobodyPublishedCountsAsClean() {
        assertThat(SoakVerdict.judge(Map.of(0, clean()), FLAT, MAX_GROWTH).passed()).isTrue();
    }

    private static SequenceCounts clean() {
        return new SequenceCounts(1000, 1000, 0, 0, 0);
    }

    private static Map<Integer, SequenceCounts> counts(SequenceCounts qos0, SequenceCounts qos1, SequenceCounts qos2) {
        return Map.of(0, qos0, 1, qos1, 2, qos2);
    }
}

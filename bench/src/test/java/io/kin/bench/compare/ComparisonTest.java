package io.kin.bench.compare;

import io.kin.bench.report.Figure;
import io.kin.bench.report.RunReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ComparisonTest {

    @Test
    void theMedianOfAnOddNumberOfRunsIsTheMiddleOne() {
        assertThat(Comparison.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
    }

    @Test
    void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        assertThat(Comparison.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    }

    @Test
    void noRunsHaveNoMedian() {
        assertThat(Comparison.median(List.of())).isNaN();
    }

    @Test
    void theRatioIsAOverBAndEqualZerosCountAsEqual() {
        assertThat(Comparison.ratio(150, 100)).isEqualTo(1.5);
        assertThat(Comparison.ratio(0, 0)).isEqualTo(1.0);
        assertThat(Comparison.ratio(5, 0)).isNaN();
        assertThat(Comparison.ratio(Double.NaN, 1)).isNaN();
    }

    @Test
    void eachFigureIsComparedAsTheMedianOfItsRunsOnEachSide() {
        List<RunReport> runsA = List.of(run(100, 2.0), run(300, 1.0), run(200, 9.0));
        List<RunReport> runsB = List.of(run(100, 1.0), run(100, 1.0), run(400, 1.0));

        List<ComparedFigure> figures = Comparison.of(runsA, runsB);

        assertThat(figures).extracting(ComparedFigure::key).containsExactly("delivered_msg_per_s", "latency_p99_ms");
        ComparedFigure delivered = figures.get(0);
        assertThat(delivered.medianA()).isEqualTo(200);
        assertThat(delivered.medianB()).isEqualTo(100);
        assertThat(delivered.ratio()).isEqualTo(2.0);
        assertThat(figures.get(1).ratio()).isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aFigureOnlyOneSideReportsIsUndefinedForTheOther() {
        RunReport withBrokerPid = RunReport.builder("fan-in", "a")
                .figure("broker_cpu_pct", "broker CPU", 50, Figure.Kind.PERCENT).build();
        RunReport without = RunReport.builder("fan-in", "b").build();

        ComparedFigure cpu = Comparison.of(List.of(withBrokerPid), List.of(without)).get(0);

        assertThat(cpu.medianA()).isEqualTo(50);
        assertThat(cpu.medianB()).isNaN();
        assertThat(cpu.ratio()).isNaN();
    }

    @Test
    void theTableAndTheJsonCarryMediansAndRatios() {
        List<ComparedFigure> figures = Comparison.of(List.of(run(200, 1)), List.of(run(100, 1)));

        assertThat(Comparison.render("fan-in", "127.0.0.1:1883", "127.0.0.1:1884", 1, figures))
                .contains("delivered msg/s").contains("200.0").contains("100.0").contains("2.000");
        assertThat(Comparison.json("fan-in", "127.0.0.1:1883", "127.0.0.1:1884", 1, figures))
                .contains("\"delivered_msg_per_s\":{\"a\":200,\"b\":100,\"ratio\":2}");
    }

    private static RunReport run(double deliveredPerSecond, double p99Millis) {
        return RunReport.builder("fan-in", "127.0.0.1:1883")
                .figure("delivered_msg_per_s", "delivered msg/s", deliveredPerSecond, Figure.Kind.RATE)
                .figure("latency_p99_ms", "latency p99 (ms)", p99Millis, Figure.Kind.MILLIS)
                .build();
    }
}

package io.kin.bench.compare;

import io.kin.bench.report.Figure;

/** One figure's median over broker A's runs and over broker B's runs. */
public record ComparedFigure(String key, String label, Figure.Kind kind, double medianA, double medianB) {

    /** A/B; 1 when both are zero (e.g. no messages lost on either side), undefined (NaN) when only B is zero. */
    public double ratio() {
        return Comparison.ratio(medianA, medianB);
    }
}

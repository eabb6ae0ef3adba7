package io.kin.bench.compare;

import io.kin.bench.report.Figure;
import io.kin.bench.report.JsonLine;
import io.kin.bench.report.RunReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Medians per figure over each broker's runs, and their ratio A/B. */
public final class Comparison {

    private Comparison() {
    }

    /** Figures in the order of the first report that has them; a figure missing from every run of a side is NaN. */
    public static List<ComparedFigure> of(List<RunReport> runsA, List<RunReport> runsB) {
        Map<String, Figure> figuresByKey = new LinkedHashMap<>();
        for (RunReport run : concat(runsA, runsB)) {
            run.figures().forEach(figure -> figuresByKey.putIfAbsent(figure.key(), figure));
        }
        List<ComparedFigure> compared = new ArrayList<>();
        for (Figure figure : figuresByKey.values()) {
            compared.add(new ComparedFigure(figure.key(), figure.label(), figure.kind(),
                    median(values(runsA, figure.key())), median(values(runsB, figure.key()))));
        }
        return compared;
    }

    /** The middle value; the mean of the two middle values for an even count; NaN for none. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    public static double ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.NaN;
        }
        if (b == 0) {
            return a == 0 ? 1.0 : Double.NaN;
        }
        return a / b;
    }

    public static String render(String scenario, String targetA, String targetB, int runs, List<ComparedFigure> figures) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("compare %s: A = %s, B = %s, medians of %d run(s) each%n", scenario, targetA, targetB, runs));
        int width = Math.max(6, figures.stream().mapToInt(figure -> figure.label().length()).max().orElse(6));
        out.append(String.format("  %-" + width + "s  %15s  %15s  %8s%n", "figure", "A", "B", "A/B"));
        for (ComparedFigure figure : figures) {
            double ratio = figure.ratio();
            out.append(String.format("  %-" + width + "s  %15s  %15s  %8s%n", figure.label(),
                    Figure.format(figure.medianA(), figure.kind()), Figure.format(figure.medianB(), figure.kind()),
                    Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.3f", ratio)));
        }
        return out.toString();
    }

    public static String json(String scenario, String targetA, String targetB, int runs, List<ComparedFigure> figures) {
        StringBuilder json = new StringBuilder("{\"comparison\":{\"scenario\":").append(JsonLine.quote(scenario))
                .append(",\"a\":").append(JsonLine.quote(targetA))
                .append(",\"b\":").append(JsonLine.quote(targetB))
                .append(",\"runs\":").append(runs)
                .append(",\"figures\":{");
        for (int i = 0; i < figures.size(); i++) {
            ComparedFigure figure = figures.get(i);
            if (i > 0) {
                json.append(',');
            }
            json.append(JsonLine.quote(figure.key())).append(":{\"a\":").append(JsonLine.number(figure.medianA()))
                    .append(",\"b\":").append(JsonLine.number(figure.medianB()))
                    .append(",\"ratio\":").append(JsonLine.number(figure.ratio())).append('}');
        }
        return json.append("}}}").toString();
    }

    private static List<Double> values(List<RunReport> runs, String key) {
        return runs.stream().flatMap(run -> run.figure(key).stream()).map(Figure::value).toList();
    }

    private static List<RunReport> concat(List<RunReport> a, List<RunReport> b) {
        List<RunReport> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

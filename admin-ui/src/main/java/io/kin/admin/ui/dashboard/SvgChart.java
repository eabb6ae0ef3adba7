package io.kin.admin.ui.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * A line chart drawn by the server as SVG coordinates (no chart library): x is time, y the value scaled to the largest
 * one shown. The time axis covers the samples there are, at least {@value #MIN_SPAN_SECONDS} s and at most the hour
 * the history keeps, so a console that started a minute ago does not squeeze its data into the right edge.
 * {@code points} and {@code from} (the first point's time) say how much history is drawn.
 */
public record SvgChart(String id, String title, String now, String max, String span, String line, String area,
                       boolean empty, int points, String from) {

    static final int WIDTH = 600;
    static final int HEIGHT = 120;
    static final int MIN_SPAN_SECONDS = 300;

    /**
     * @param seconds the epoch second of each point
     * @param end     the epoch second at the right edge (now)
     */
    public static <T> SvgChart of(String id, String title, List<T> points, ToDoubleFunction<T> value,
                                  ToDoubleFunction<T> seconds, double end, String nowLabel,
                                  DoubleFunction<String> format) {
        double max = 0;
        double first = end;
        for (T p : points) {
            max = Math.max(max, value.applyAsDouble(p));
            first = Math.min(first, seconds.applyAsDouble(p));
        }
        double span = Math.min(StatsHistory.WINDOW.toSeconds(), Math.max(MIN_SPAN_SECONDS, end - first));
        double top = max <= 0 ? 1 : max * 1.15;
        List<String> coords = new ArrayList<>();
        for (T p : points) {
            double x = WIDTH - (end - seconds.applyAsDouble(p)) / span * WIDTH;
            double y = HEIGHT - value.applyAsDouble(p) / top * HEIGHT;
            coords.add(String.format(Locale.ROOT, "%.1f,%.1f", Math.max(0, x), y));
        }
        String line = String.join(" ", coords);
        String area = coords.isEmpty() ? "" : "M" + coords.get(0).split(",")[0] + "," + HEIGHT + " L"
                + String.join(" L", coords) + " L" + coords.get(coords.size() - 1).split(",")[0] + "," + HEIGHT + " Z";
        String from = points.isEmpty() ? "" : java.time.Instant.ofEpochMilli(Math.round(first * 1000)).toString();
        return new SvgChart(id, title, nowLabel, format.apply(max), "−" + Math.round(span / 60) + " min", line, area,
                coords.size() < 2, coords.size(), from);
    }
}

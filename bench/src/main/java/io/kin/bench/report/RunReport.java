package io.kin.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything one scenario run found: what was run (settings), what was measured (figures) and what went wrong
 * (warnings).
 *
 * @param guaranteeBroken a QoS 1 or 2 run lost messages, which a conforming broker never does
 */
public record RunReport(String scenario, String target, Map<String, String> settings, List<Figure> figures,
                        List<String> warnings, boolean guaranteeBroken) {

    public RunReport {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings)); // keeps the order they were given in
        figures = List.copyOf(figures);
        warnings = List.copyOf(warnings);
    }

    public Optional<Figure> figure(String key) {
        return figures.stream().filter(figure -> figure.key().equals(key)).findFirst();
    }

    public static Builder builder(String scenario, String target) {
        return new Builder(scenario, target);
    }

    public static final class Builder {
        private final String scenario;
        private final String target;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private final List<Figure> figures = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private boolean guaranteeBroken;

        private Builder(String scenario, String target) {
            this.scenario = scenario;
            this.target = target;
        }

        public Builder setting(String name, Object value) {
            settings.put(name, String.valueOf(value));
            return this;
        }

        public Builder figure(String key, String label, double value, Figure.Kind kind) {
            figures.add(new Figure(key, label, value, kind));
            return this;
        }

        public Builder warning(String warning) {
            warnings.add(warning);
            return this;
        }

        public Builder guaranteeBroken() {
            this.guaranteeBroken = true;
            return this;
        }

        public RunReport build() {
            return new RunReport(scenario, target, settings, figures, warnings, guaranteeBroken);
        }
    }
}

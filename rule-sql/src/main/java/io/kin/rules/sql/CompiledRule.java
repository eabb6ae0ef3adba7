package io.kin.rules.sql;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A rule's SQL compiled once into an evaluator tree. Immutable and thread-safe: any number of threads may
 * evaluate it at the same time, and a failed evaluation leaves nothing behind.
 */
public final class CompiledRule {

    private final String sql;
    private final List<RuleSource> sources;
    private final List<OutputColumn> columns;
    private final Expr[] columnExprs;
    private final Expr where;
    private final boolean whereUsesAliases;
    private final Clock clock;

    CompiledRule(String sql, List<RuleSource> sources, List<OutputColumn> columns, Expr where,
                 boolean whereUsesAliases, Clock clock) {
        this.sql = sql;
        this.sources = List.copyOf(sources);
        this.columns = List.copyOf(columns);
        this.columnExprs = columns.stream().map(OutputColumn::expr).toArray(Expr[]::new);
        this.where = where;
        this.whereUsesAliases = whereUsesAliases;
        this.clock = clock;
    }

    /** The SQL as given to {@link RuleSql#compile}. */
    public String sql() {
        return sql;
    }

    /** The FROM clause: topic filters and events, in the order written. */
    public List<RuleSource> sources() {
        return sources;
    }

    /** Whether a message on this topic, or this event ({@code $events/client_connected}), feeds the rule. */
    public boolean matches(String topicOrEvent) {
        for (RuleSource source : sources) {
            if (source.matches(topicOrEvent)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Evaluates the rule against one input (which the caller has already {@link #matches matched} against FROM).
     *
     * @return the selected columns in SELECT order (unmodifiable; its values are fresh for this call), or empty
     *         when WHERE is false or null
     * @throws RuleEvaluationException when an expression cannot be evaluated for this input
     */
    public Optional<Map<String, Object>> evaluate(RuleInput input) {
        Objects.requireNonNull(input, "input");
        Evaluation ev = new Evaluation(input, columnExprs, whereUsesAliases, clock);
        if (where != null && Values.truth(where.eval(ev), "WHERE") != Boolean.TRUE) {
            return Optional.empty();
        }
        Map<String, Object> out = new LinkedHashMap<>(columns.size() * 2);
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).write(ev, i, out);
        }
        return Optional.of(Collections.unmodifiableMap(out));
    }

    @Override
    public String toString() {
        return sql;
    }
}

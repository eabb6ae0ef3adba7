package io.kin.rules;

import io.kin.rules.action.CompiledAction;
import io.kin.rules.action.RenderedAction;
import io.kin.rules.sql.CompiledRule;
import io.kin.rules.sql.RuleInput;
import io.kin.rules.sql.RuleSql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule ready to run: SQL and action templates compiled once. Immutable and safe to share between threads; the
 * broker runs it per message and the admin API checks and tries it ({@link #trial}) with the same code.
 */
public final class Rule {

    private final RuleDefinition definition;
    private final CompiledRule sql;
    private final List<CompiledAction> actions;

    private Rule(RuleDefinition definition, CompiledRule sql, List<CompiledAction> actions) {
        this.definition = definition;
        this.sql = sql;
        this.actions = actions;
    }

    /**
     * @throws io.kin.rules.sql.RuleSqlException        bad SQL, with line and column
     * @throws io.kin.rules.action.InvalidActionException a bad action, naming it and its field
     */
    public static Rule compile(RuleDefinition definition) {
        CompiledRule sql = RuleSql.compile(definition.sql());
        List<CompiledAction> actions = new ArrayList<>();
        for (int i = 0; i < definition.actions().size(); i++) {
            actions.add(CompiledAction.compile(definition.actions().get(i), i + 1));
        }
        return new Rule(definition, sql, List.copyOf(actions));
    }

    public RuleDefinition definition() {
        return definition;
    }

    public String id() {
        return definition.id();
    }

    public CompiledRule sql() {
        return sql;
    }

    public List<CompiledAction> actions() {
        return actions;
    }

    /** What the rule makes of one input: the SQL's output row (empty when WHERE is not true) and the actions. */
    public record Trial(Optional<Map<String, Object>> output, List<RenderedAction> actions) {
    }

    /**
     * Evaluates the input and renders every action without running any.
     *
     * @throws io.kin.rules.sql.RuleEvaluationException when the row cannot be computed for this input
     */
    public Trial trial(RuleInput input) {
        Optional<Map<String, Object>> output = sql.evaluate(input);
        if (output.isEmpty()) {
            return new Trial(output, List.of());
        }
        List<RenderedAction> rendered = new ArrayList<>(actions.size());
        for (CompiledAction a : actions) {
            rendered.add(a.render(output.get()));
        }
        return new Trial(output, rendered);
    }
}

package io.kin.rules;

import io.kin.rules.action.RuleAction;

import java.util.List;

/** A rule as an operator writes and stores it: its SQL and what to do with each row the SQL outputs. */
public record RuleDefinition(String id, String name, String description, String sql, boolean enabled,
                             List<RuleAction> actions) {

    public RuleDefinition {
        actions = actions == null ? List.of() : List.copyOf(actions);
    }
}

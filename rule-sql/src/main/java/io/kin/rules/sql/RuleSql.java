package io.kin.rules.sql;

import java.time.Clock;
import java.util.Objects;
import java.util.Set;

/**
 * Entry point of the rule SQL dialect (see the module README): compile once, then evaluate the
 * {@link CompiledRule} per message.
 *
 * <pre>{@code
 * CompiledRule rule = RuleSql.compile(
 *     "SELECT payload.temp AS t, clientid FROM \"sensors/+/temp\" WHERE t > 30");
 * if (rule.matches(topic)) {
 *     rule.evaluate(RuleInput.builder().topic(topic).clientId(id).payload(bytes).build())
 *         .ifPresent(row -> ...);
 * }
 * }</pre>
 */
public final class RuleSql {

    private RuleSql() {
    }

    /**
     * @throws RuleSqlException with the line and column of the problem when the SQL is not a valid rule
     */
    public static CompiledRule compile(String sql) {
        return compile(sql, Clock.systemUTC());
    }

    /** As {@link #compile(String)}, with the clock {@code now()} reads (for tests). */
    public static CompiledRule compile(String sql, Clock clock) {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(clock, "clock");
        return RuleCompiler.compile(sql, clock);
    }

    /** The functions rules may call, lowercase. */
    public static Set<String> functionNames() {
        return Functions.names();
    }
}

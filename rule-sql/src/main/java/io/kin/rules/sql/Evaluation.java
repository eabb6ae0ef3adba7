package io.kin.rules.sql;

import java.time.Clock;
import java.util.Arrays;

/** The state of one evaluation of one rule against one input: the decoded payload, selected values, the time. */
final class Evaluation {

    private static final Object UNSET = new Object();

    private final RuleInput input;
    private final Expr[] columns;
    private final Object[] selected;
    private final Clock clock;
    private Object payload = UNSET;
    private long now = Long.MIN_VALUE;

    /** {@code memoize}: the WHERE clause reads selected values, which must then be computed only once. */
    Evaluation(RuleInput input, Expr[] columns, boolean memoize, Clock clock) {
        this.input = input;
        this.columns = columns;
        this.clock = clock;
        if (memoize) {
            selected = new Object[columns.length];
            Arrays.fill(selected, UNSET);
        } else {
            selected = null;
        }
    }

    RuleInput input() {
        return input;
    }

    /** The payload, decoded from JSON on first use in this evaluation. */
    Object payload() {
        if (payload == UNSET) {
            payload = Json.payloadValue(input.slot(RuleInput.PAYLOAD));
        }
        return payload;
    }

    /** The value of select item {@code index} (by alias from WHERE, or when building the output). */
    Object column(int index) {
        if (selected == null) {
            return columns[index].eval(this);
        }
        Object value = selected[index];
        if (value == UNSET) {
            value = columns[index].eval(this);
            selected[index] = value;
        }
        return value;
    }

    /** Milliseconds since the epoch, read once so that all now() calls of an evaluation agree. */
    long now() {
        if (now == Long.MIN_VALUE) {
            now = clock.millis();
        }
        return now;
    }
}

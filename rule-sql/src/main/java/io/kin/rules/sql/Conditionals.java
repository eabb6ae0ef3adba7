package io.kin.rules.sql;

/** CASE, IF and COALESCE: they evaluate only the branch they return. */
final class Conditionals {

    private Conditionals() {
    }

    /** {@code CASE WHEN c1 THEN r1 ... ELSE e END}: the first condition that is TRUE wins. */
    record SearchedCase(Expr[] conditions, Expr[] results, Expr otherwise) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            for (int i = 0; i < conditions.length; i++) {
                if (Values.truth(conditions[i].eval(ev), "CASE WHEN") == Boolean.TRUE) {
                    return results[i].eval(ev);
                }
            }
            return otherwise == null ? null : otherwise.eval(ev);
        }
    }

    /** {@code CASE v WHEN a THEN r1 ... ELSE e END}: the first candidate equal to v wins; null equals nothing. */
    record SimpleCase(Expr subject, Expr[] candidates, Expr[] results, Expr otherwise) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object v = subject.eval(ev);
            for (int i = 0; i < candidates.length; i++) {
                if (Values.equal(v, candidates[i].eval(ev)) == Boolean.TRUE) {
                    return results[i].eval(ev);
                }
            }
            return otherwise == null ? null : otherwise.eval(ev);
        }
    }

    /** {@code if(condition, then, otherwise)}: otherwise also when the condition is null. */
    record If(Expr condition, Expr then, Expr otherwise) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            return Values.truth(condition.eval(ev), "if") == Boolean.TRUE ? then.eval(ev) : otherwise.eval(ev);
        }
    }

    /** The first argument that is not null. */
    record Coalesce(Expr[] args) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            for (Expr arg : args) {
                Object v = arg.eval(ev);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }

    /** {@code value[index]} with a computed index (1-based, negative from the end) or a key. */
    record Index(Expr value, Expr index) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object v = value.eval(ev);
            if (v == null) {
                return null;
            }
            Object i = index.eval(ev);
            if (i instanceof String key && v instanceof java.util.Map<?, ?> map) {
                return map.get(key);
            }
            if (i == null || !(v instanceof java.util.List<?> list)) {
                return null;
            }
            return FieldPath.element(list, Values.toLong(i, "list index"));
        }
    }
}

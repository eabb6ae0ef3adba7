package io.kin.rules.sql;

/** BETWEEN, IN, IS NULL and LIKE. */
final class Predicates {

    private Predicates() {
    }

    /** {@code v BETWEEN low AND high}: {@code v >= low AND v <= high}, bounds included. */
    record Between(Expr value, Expr low, Expr high, boolean not) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object v = value.eval(ev);
            Boolean aboveLow = compare(v, low.eval(ev), Comparison.Op.GREATER_OR_EQUAL);
            Boolean result;
            if (aboveLow == Boolean.FALSE) {
                result = Boolean.FALSE;
            } else {
                Boolean belowHigh = compare(v, high.eval(ev), Comparison.Op.LESS_OR_EQUAL);
                result = belowHigh == Boolean.FALSE ? Boolean.FALSE
                        : aboveLow == null || belowHigh == null ? null : Boolean.TRUE;
            }
            return not ? Logic.negate(result) : result;
        }

        private static Boolean compare(Object a, Object b, Comparison.Op op) {
            return a == null || b == null ? null : Comparison.test(op, Values.compare(a, b));
        }
    }

    /** {@code v IN (a, b, ...)}: true on the first equal option; null when none is equal but one was null. */
    record In(Expr value, Expr[] options, boolean not) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object v = value.eval(ev);
            if (v == null) {
                return null;
            }
            boolean unknown = false;
            for (Expr option : options) {
                Boolean equal = Values.equal(v, option.eval(ev));
                if (equal == Boolean.TRUE) {
                    return !not;
                }
                unknown |= equal == null;
            }
            return unknown ? null : not;
        }
    }

    record IsNull(Expr value, boolean not) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            return (value.eval(ev) == null) != not;
        }
    }

    /** {@code v LIKE pattern}; a literal pattern is compiled once, any other per evaluation. */
    record Like(Expr value, Expr pattern, LikePattern compiled, char escape, boolean ignoreCase, boolean not)
            implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object v = value.eval(ev);
            if (v == null) {
                return null;
            }
            LikePattern p = compiled;
            if (p == null) {
                Object text = pattern.eval(ev);
                if (text == null) {
                    return null;
                }
                p = LikePattern.compile(Values.toText(text), escape, ignoreCase);
            }
            return p.matches(Values.toText(v)) != not;
        }
    }
}

package io.kin.rules.sql;

/** AND, OR, NOT with SQL's three-valued logic (null is unknown) and short-circuiting. */
final class Logic {

    private Logic() {
    }

    record And(Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Boolean a = Values.truth(left.eval(ev), "AND");
            if (a == Boolean.FALSE) {
                return Boolean.FALSE;
            }
            Boolean b = Values.truth(right.eval(ev), "AND");
            if (b == Boolean.FALSE) {
                return Boolean.FALSE;
            }
            return a == null || b == null ? null : Boolean.TRUE;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Boolean a = Values.truth(left.eval(ev), "OR");
            if (a == Boolean.TRUE) {
                return Boolean.TRUE;
            }
            Boolean b = Values.truth(right.eval(ev), "OR");
            if (b == Boolean.TRUE) {
                return Boolean.TRUE;
            }
            return a == null || b == null ? null : Boolean.FALSE;
        }
    }

    record Not(Expr value) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            return negate(Values.truth(value.eval(ev), "NOT"));
        }
    }

    static Boolean negate(Boolean b) {
        return b == null ? null : !b;
    }
}

package io.kin.rules.sql;

/**
 * {@code = != <> < <= > >=} under three-valued logic: null on either side gives null. Values that cannot be
 * ordered against each other (a list and a number, 'abc' and 5) are unequal, and ordering them gives null.
 */
record Comparison(Op op, Expr left, Expr right) implements Expr {

    enum Op {
        EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL
    }

    @Override
    public Object eval(Evaluation ev) {
        Object a = left.eval(ev);
        if (a == null) {
            return null;
        }
        Object b = right.eval(ev);
        if (b == null) {
            return null;
        }
        return test(op, Values.compare(a, b));
    }

    static Boolean test(Op op, int c) {
        if (c == Values.INCOMPARABLE) {
            return op == Op.EQUAL ? Boolean.FALSE : op == Op.NOT_EQUAL ? Boolean.TRUE : null;
        }
        return switch (op) {
            case EQUAL -> c == 0;
            case NOT_EQUAL -> c != 0;
            case LESS -> c < 0;
            case LESS_OR_EQUAL -> c <= 0;
            case GREATER -> c > 0;
            case GREATER_OR_EQUAL -> c >= 0;
        };
    }
}

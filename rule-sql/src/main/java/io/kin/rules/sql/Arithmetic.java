package io.kin.rules.sql;

/**
 * {@code + - * / div %}. Integer arithmetic stays integer and fails on overflow rather than wrapping; a float on
 * either side makes it float. {@code /} always divides as float (7 / 2 = 3.5, as in EMQX); {@code div} is integer
 * division truncating toward zero. Numeric strings are coerced; null on either side gives null.
 */
record Arithmetic(Op op, Expr left, Expr right) implements Expr {

    enum Op {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), DIV("div"), MODULO("%");

        final String symbol;
        final String quoted;

        Op(String symbol) {
            this.symbol = symbol;
            this.quoted = "'" + symbol + "'";
        }
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
        String what = op.quoted;
        if (op == Op.DIV) {
            return integerDivision(Values.toLong(a, what), Values.toLong(b, what));
        }
        Number x = Values.toNumber(a, what);
        Number y = Values.toNumber(b, what);
        if (x instanceof Long lx && y instanceof Long ly && op != Op.DIVIDE) {
            return longs(lx, ly);
        }
        return doubles(x.doubleValue(), y.doubleValue());
    }

    private Object longs(long x, long y) {
        try {
            return switch (op) {
                case ADD -> Math.addExact(x, y);
                case SUBTRACT -> Math.subtractExact(x, y);
                case MULTIPLY -> Math.multiplyExact(x, y);
                case MODULO -> {
                    if (y == 0) {
                        throw divisionByZero();
                    }
                    yield x % y;
                }
                default -> throw new IllegalStateException(op.name());
            };
        } catch (ArithmeticException overflow) {
            throw new RuleEvaluationException("integer overflow in " + x + " " + op.symbol + " " + y);
        }
    }

    private Object doubles(double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUBTRACT -> x - y;
            case MULTIPLY -> x * y;
            case DIVIDE, MODULO -> {
                if (y == 0) {
                    throw divisionByZero();
                }
                yield op == Op.DIVIDE ? x / y : x % y;
            }
            default -> throw new IllegalStateException(op.name());
        };
    }

    private Object integerDivision(long x, long y) {
        if (y == 0) {
            throw divisionByZero();
        }
        if (x == Long.MIN_VALUE && y == -1) {
            throw new RuleEvaluationException("integer overflow in " + x + " div " + y);
        }
        return x / y;
    }

    private RuleEvaluationException divisionByZero() {
        return new RuleEvaluationException("division by zero in " + op.quoted);
    }

    /** Unary minus. */
    record Negate(Expr value) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object v = value.eval(ev);
            if (v == null) {
                return null;
            }
            Number n = Values.toNumber(v, "unary '-'");
            if (n instanceof Long l) {
                if (l == Long.MIN_VALUE) {
                    throw new RuleEvaluationException("integer overflow in -(" + l + ")");
                }
                return -l;
            }
            return -n.doubleValue();
        }
    }

    /** Unary plus: a number, or a numeric string made a number. */
    record Plus(Expr value) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object v = value.eval(ev);
            return v == null ? null : Values.toNumber(v, "unary '+'");
        }
    }

    /** {@code a || b}: text concatenation, null if either side is null (use concat() to skip nulls). */
    record Concat(Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Evaluation ev) {
            Object a = left.eval(ev);
            if (a == null) {
                return null;
            }
            Object b = right.eval(ev);
            return b == null ? null : Values.toText(a).concat(Values.toText(b));
        }
    }
}

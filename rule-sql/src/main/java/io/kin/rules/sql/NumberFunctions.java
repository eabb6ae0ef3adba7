package io.kin.rules.sql;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** abs and round. Rounding is half away from zero (round(2.5) = 3, round(-2.5) = -3). */
final class NumberFunctions {

    private NumberFunctions() {
    }

    static Object abs(Object x) {
        Number n = Values.toNumber(x, "abs");
        if (n instanceof Long l) {
            if (l == Long.MIN_VALUE) {
                throw new RuleEvaluationException("abs: integer overflow");
            }
            return Math.abs(l);
        }
        return Math.abs(n.doubleValue());
    }

    /** To an integer. */
    static Object round(Object x) {
        Number n = Values.toNumber(x, "round");
        if (n instanceof Long) {
            return n;
        }
        try {
            return decimal(n).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            throw new RuleEvaluationException("round: " + n + " is out of the integer range");
        }
    }

    /** To {@code digits} decimal places (negative: to tens, hundreds...); integers stay integers. */
    static Object round(Object x, Object digits) {
        Number n = Values.toNumber(x, "round");
        long d = Values.toLong(digits, "round");
        if (d < -18 || d > 15) {
            throw new RuleEvaluationException("round: digits must be between -18 and 15, got " + d);
        }
        BigDecimal rounded = decimal(n).setScale((int) d, RoundingMode.HALF_UP);
        return n instanceof Long ? (Object) rounded.longValue() : (Object) rounded.doubleValue();
    }

    private static BigDecimal decimal(Number n) {
        if (n instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new RuleEvaluationException("round: cannot round " + d);
        }
        return BigDecimal.valueOf(d);
    }
}

package io.kin.rules.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The dialect's value rules. Values are null, Boolean, Long, Double, String, List or Map. A string that looks
 * like a number is coerced where a number is needed (arithmetic, comparison with a number, CAST); comparing with
 * null gives null (SQL's unknown).
 */
final class Values {

    private Values() {
    }

    /** Integers to Long, other numbers to Double, chars to String; anything else unchanged. */
    static Object normalize(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (value instanceof Number number && !(value instanceof Long) && !(value instanceof Double)) {
            return number.doubleValue();
        }
        if (value instanceof Character c) {
            return c.toString();
        }
        return value;
    }

    static String typeName(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "string";
        }
        if (value instanceof Long) {
            return "integer";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Boolean) {
            return "boolean";
        }
        if (value instanceof List) {
            return "list";
        }
        if (value instanceof Map) {
            return "object";
        }
        return value.getClass().getSimpleName();
    }

    /** Short, quoted rendering for error messages. */
    static String describe(Object value) {
        String text = value instanceof String s ? "'" + s + "'" : String.valueOf(toText(value));
        return (text.length() > 40 ? text.substring(0, 37) + "..." : text) + " (" + typeName(value) + ")";
    }

    /** Long or Double for a number or numeric string; null otherwise. */
    static Number asNumber(Object value) {
        if (value instanceof Long || value instanceof Double) {
            return (Number) value;
        }
        if (value instanceof Number n) {
            // maps handed to RuleInput.of may hold Integer, Float, BigDecimal... deep inside
            return (Number) normalize(n);
        }
        if (value instanceof String s) {
            return parseNumber(s);
        }
        return null;
    }

    /** Like {@link #asNumber} but fails with a message naming the operation. */
    static Number toNumber(Object value, String operation) {
        Number number = asNumber(value);
        if (number == null) {
            throw new RuleEvaluationException(operation + " expects a number, got " + describe(value));
        }
        return number;
    }

    /** An integral value as long: integers, integral floats and numeric strings. */
    static long toLong(Object value, String operation) {
        Number number = toNumber(value, operation);
        if (number instanceof Long l) {
            return l;
        }
        double d = number.doubleValue();
        if (d != Math.rint(d) || Double.isInfinite(d)) {
            throw new RuleEvaluationException(operation + " expects an integer, got " + describe(value));
        }
        return (long) d;
    }

    /**
     * A decimal number as written in SQL or JSON: optional sign, digits, optional fraction and exponent.
     * Integers that fit become Long, others Double; anything else (hex, "NaN", "1f") is not a number.
     */
    static Number parseNumber(String text) {
        String s = text.strip();
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        boolean integral = true;
        if (i < n && s.charAt(i) == '.') {
            integral = false;
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        if (integral) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooBig) {
                return Double.parseDouble(s);
            }
        }
        return Double.parseDouble(s);
    }

    /** Text form: strings as they are, numbers and booleans plain, lists and maps as JSON; null stays null. */
    static String toText(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof Map || value instanceof List) {
            return Json.encode(value);
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        return value.toString();
    }

    /** A condition's value: TRUE, FALSE or null (unknown). Strings 'true'/'false' count; other types fail. */
    static Boolean truth(Object value, String where) {
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        if (value instanceof String s) {
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        throw new RuleEvaluationException(where + " expects a boolean, got " + describe(value));
    }

    /** Marker for values that have no order relative to each other. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    /**
     * Orders two non-null values: numbers numerically (a numeric string counts as a number when compared with a
     * number), strings by UTF-16 code units, booleans false before true (against 'true'/'false' too), lists and
     * maps only as equal. Returns {@link #INCOMPARABLE} for anything else.
     */
    static int compare(Object a, Object b) {
        if (a instanceof String sa && b instanceof String sb) {
            return Integer.signum(sa.compareTo(sb));
        }
        if (a instanceof Long la && b instanceof Long lb) {
            return Long.compare(la, lb);
        }
        if (a instanceof Number || b instanceof Number) {
            Number na = asNumber(a);
            Number nb = asNumber(b);
            if (na == null || nb == null) {
                return INCOMPARABLE;
            }
            if (na instanceof Long la && nb instanceof Long lb) {
                return Long.compare(la, lb);
            }
            return compareNumbers(na, nb);
        }
        if (a instanceof Boolean || b instanceof Boolean) {
            Boolean ba = asBoolean(a);
            Boolean bb = asBoolean(b);
            return ba == null || bb == null ? INCOMPARABLE : Boolean.compare(ba, bb);
        }
        return a.equals(b) ? 0 : INCOMPARABLE;
    }

    private static int compareNumbers(Number a, Number b) {
        double da = a.doubleValue();
        double db = b.doubleValue();
        if (Double.isNaN(da) || Double.isNaN(db)) {
            return INCOMPARABLE;
        }
        int c = Double.compare(da, db);
        if (c == 0 && (a instanceof Long || b instanceof Long)) {
            // a double cannot tell large longs apart: decide exactly
            return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
        }
        return Integer.signum(c);
    }

    private static Boolean asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.valueOf(s);
        }
        return null;
    }

    /** SQL equality: null when either side is null; values of unrelated types are simply not equal. */
    static Boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        return compare(a, b) == 0;
    }
}

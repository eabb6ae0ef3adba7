package io.kin.rules.sql;

import java.util.Locale;

/** {@code CAST(x AS type)}; null stays null, an impossible conversion fails the evaluation. */
record Cast(Expr value, Type type) implements Expr {

    enum Type {
        INT, FLOAT, STRING, BOOL;

        /** The type for a SQL type name, or null. */
        static Type named(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "int", "integer", "bigint", "long" -> INT;
                case "float", "double", "real", "decimal", "numeric" -> FLOAT;
                case "string", "varchar", "text", "char" -> STRING;
                case "bool", "boolean" -> BOOL;
                default -> null;
            };
        }
    }

    @Override
    public Object eval(Evaluation ev) {
        Object v = value.eval(ev);
        return v == null ? null : convert(v, type);
    }

    static Object convert(Object v, Type type) {
        return switch (type) {
            case STRING -> Values.toText(v);
            case INT -> toInt(v);
            case FLOAT -> v instanceof Boolean b ? (b ? 1.0 : 0.0) : number(v, "float").doubleValue();
            case BOOL -> toBool(v);
        };
    }

    /** Floats are truncated toward zero, as integer conversion does in Java and most SQL engines. */
    private static Long toInt(Object v) {
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        Number n = number(v, "int");
        if (n instanceof Long l) {
            return l;
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
            throw new RuleEvaluationException("cannot cast " + Values.describe(v) + " to int: out of range");
        }
        return (long) d;
    }

    private static Boolean toBool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            if (s.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (s.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        throw new RuleEvaluationException("cannot cast " + Values.describe(v) + " to bool");
    }

    private static Number number(Object v, String type) {
        Number n = Values.asNumber(v);
        if (n == null) {
            throw new RuleEvaluationException("cannot cast " + Values.describe(v) + " to " + type);
        }
        return n;
    }
}

package io.kin.rules.sql;

import io.kin.rules.sql.Calls.Call0;
import io.kin.rules.sql.Calls.Call1;
import io.kin.rules.sql.Calls.Call2;
import io.kin.rules.sql.Calls.Call3;
import io.kin.rules.sql.Calls.CallN;
import io.kin.rules.sql.Calls.Fn1;
import io.kin.rules.sql.Calls.Fn2;
import io.kin.rules.sql.Calls.Fn3;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The function catalogue: name (case-insensitive), arity and how to build the call node. */
final class Functions {

    /** Builds the node for a call with an accepted number of arguments; IllegalArgumentException for bad literals. */
    interface Binder {
        Expr bind(List<Expr> args);
    }

    record Definition(String name, int minArgs, int maxArgs, Binder binder) {

        String arity() {
            if (minArgs == maxArgs) {
                return minArgs + (minArgs == 1 ? " argument" : " arguments");
            }
            return maxArgs == Integer.MAX_VALUE ? "at least " + minArgs + " argument" + (minArgs == 1 ? "" : "s")
                    : minArgs + " to " + maxArgs + " arguments";
        }
    }

    private static final Map<String, Definition> ALL = new TreeMap<>();

    static {
        add("if", 3, 3, a -> new Conditionals.If(a.get(0), a.get(1), a.get(2)));
        add("coalesce", 1, Integer.MAX_VALUE, a -> new Conditionals.Coalesce(a.toArray(Expr[]::new)));
        add("now", 0, 0, a -> new Call0(TimeFunctions::now));
        add("now_timestamp", 0, 0, a -> new Call0(TimeFunctions::now));
        add("date_format", 2, 2, Functions::dateFormat);

        unary("upper", TextFunctions::upper);
        unary("lower", TextFunctions::lower);
        add("concat", 1, Integer.MAX_VALUE, a -> new CallN(TextFunctions::concat, a.toArray(Expr[]::new)));
        add("substr", 2, 3, a -> a.size() == 2 ? call(TextFunctions::substr, a) : call3(TextFunctions::substr, a));
        unary("trim", TextFunctions::trim);
        add("replace", 3, 3, a -> call3(TextFunctions::replace, a));
        add("split", 2, 2, a -> call(TextFunctions::split, a));
        add("topic_level", 2, 2, a -> call(TextFunctions::topicLevel, a));

        unary("abs", NumberFunctions::abs);
        add("round", 1, 2, a -> a.size() == 1 ? new Call1(NumberFunctions::round, a.get(0), true)
                : call(NumberFunctions::round, a));

        unary("md5", EncodingFunctions::md5);
        unary("sha256", EncodingFunctions::sha256);
        unary("base64_encode", EncodingFunctions::base64Encode);
        unary("base64_decode", EncodingFunctions::base64Decode);
        add("json_encode", 1, 1, a -> new Call1(EncodingFunctions::jsonEncode, a.get(0), false));
        unary("json_decode", EncodingFunctions::jsonDecode);
    }

    private Functions() {
    }

    static Definition find(String name) {
        return ALL.get(name.toLowerCase(Locale.ROOT));
    }

    static Set<String> names() {
        return ALL.keySet();
    }

    private static void add(String name, int min, int max, Binder binder) {
        ALL.put(name, new Definition(name, min, max, binder));
    }

    private static void unary(String name, Fn1 f) {
        add(name, 1, 1, a -> new Call1(f, a.get(0), true));
    }

    private static Expr call(Fn2 f, List<Expr> a) {
        return new Call2(f, a.get(0), a.get(1));
    }

    private static Expr call3(Fn3 f, List<Expr> a) {
        return new Call3(f, a.get(0), a.get(1), a.get(2));
    }

    /** A literal pattern is checked and compiled here, once. */
    private static Expr dateFormat(List<Expr> a) {
        if (a.get(1) instanceof Expr.Literal literal && literal.value() instanceof String pattern) {
            DateTimeFormatter formatter;
            try {
                formatter = TimeFunctions.formatter(pattern);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("date_format: invalid pattern '" + pattern + "': " + e.getMessage());
            }
            return new Call1(ts -> TimeFunctions.format(formatter, ts), a.get(0), true);
        }
        return call(TimeFunctions::format, a);
    }
}

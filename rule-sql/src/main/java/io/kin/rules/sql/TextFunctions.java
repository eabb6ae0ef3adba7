package io.kin.rules.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** String functions. Positions are 1-based and count characters (code points); negative ones count from the end. */
final class TextFunctions {

    private TextFunctions() {
    }

    static Object upper(Object s) {
        return Values.toText(s).toUpperCase(Locale.ROOT);
    }

    static Object lower(Object s) {
        return Values.toText(s).toLowerCase(Locale.ROOT);
    }

    /** Joins the text of all arguments, skipping nulls. */
    static Object concat(Object[] args) {
        StringBuilder out = new StringBuilder();
        for (Object arg : args) {
            if (arg != null) {
                out.append(Values.toText(arg));
            }
        }
        return out.toString();
    }

    static Object substr(Object s, Object start) {
        String text = Values.toText(s);
        return substring(text, Values.toLong(start, "substr"), Long.MAX_VALUE);
    }

    static Object substr(Object s, Object start, Object length) {
        return substring(Values.toText(s), Values.toLong(start, "substr"), Values.toLong(length, "substr"));
    }

    /** start 1 is the first character, 0 counts as 1, -1 is the last character; a negative length gives ''. */
    private static String substring(String text, long start, long length) {
        int count = text.codePointCount(0, text.length());
        long from = start > 0 ? start - 1 : start < 0 ? Math.max(0, count + start) : 0;
        if (from >= count || length <= 0) {
            return "";
        }
        long to = Math.min(count, from + Math.min(length, count));
        int begin = text.offsetByCodePoints(0, (int) from);
        return text.substring(begin, text.offsetByCodePoints(begin, (int) (to - from)));
    }

    static Object trim(Object s) {
        return Values.toText(s).strip();
    }

    /** Replaces every occurrence, literally (no patterns). */
    static Object replace(Object s, Object target, Object replacement) {
        String text = Values.toText(s);
        String from = Values.toText(target);
        return from.isEmpty() ? text : text.replace(from, Values.toText(replacement));
    }

    /** Splits on a literal separator; empty parts are kept ({@code split('a//b', '/')} is ['a', '', 'b']). */
    static Object split(Object s, Object separator) {
        String text = Values.toText(s);
        String sep = Values.toText(separator);
        if (sep.isEmpty()) {
            throw new RuleEvaluationException("split: the separator is empty");
        }
        List<Object> parts = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = text.indexOf(sep, from)) >= 0) {
            parts.add(text.substring(from, at));
            from = at + sep.length();
        }
        parts.add(text.substring(from));
        return parts;
    }

    /** Level n of a topic, 1-based ({@code topic_level('a/b/c', 2)} is 'b'; -1 is the last); null when absent. */
    static Object topicLevel(Object topic, Object level) {
        @SuppressWarnings("unchecked")
        List<Object> levels = (List<Object>) split(topic, "/");
        return FieldPath.element(levels, Values.toLong(level, "topic_level"));
    }
}

package io.kin.rules.sql;

import java.util.Arrays;

/**
 * A compiled LIKE pattern: {@code %} any run of characters (also none), {@code _} exactly one character; the
 * escape character (default backslash) makes the next one literal. Matching works on code points and needs no
 * regular expression and no allocation.
 */
final class LikePattern {

    private static final int ANY_RUN = -1;
    private static final int ANY_ONE = -2;

    private final int[] pattern;
    private final boolean ignoreCase;

    private LikePattern(int[] pattern, boolean ignoreCase) {
        this.pattern = pattern;
        this.ignoreCase = ignoreCase;
    }

    static LikePattern compile(String text, char escape, boolean ignoreCase) {
        int[] out = new int[text.length()];
        int n = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == escape) {
                if (i >= text.length()) {
                    throw new RuleEvaluationException("LIKE pattern '" + text + "' ends with its escape character");
                }
                c = text.codePointAt(i);
                i += Character.charCount(c);
                out[n++] = fold(c, ignoreCase);
            } else if (c == '%') {
                if (n == 0 || out[n - 1] != ANY_RUN) {
                    out[n++] = ANY_RUN;
                }
            } else if (c == '_') {
                out[n++] = ANY_ONE;
            } else {
                out[n++] = fold(c, ignoreCase);
            }
        }
        return new LikePattern(Arrays.copyOf(out, n), ignoreCase);
    }

    /** Greedy match with backtracking to the last {@code %}: linear for typical patterns. */
    boolean matches(String s) {
        int p = 0;
        int i = 0;
        int starP = -1;
        int starI = -1;
        int n = s.length();
        while (i < n) {
            int c = s.codePointAt(i);
            if (p < pattern.length && pattern[p] != ANY_RUN
                    && (pattern[p] == ANY_ONE || pattern[p] == fold(c, ignoreCase))) {
                p++;
                i += Character.charCount(c);
            } else if (p < pattern.length && pattern[p] == ANY_RUN) {
                starP = p++;
                starI = i;
            } else if (starP >= 0) {
                p = starP + 1;
                starI += Character.charCount(s.codePointAt(starI));
                i = starI;
            } else {
                return false;
            }
        }
        while (p < pattern.length && pattern[p] == ANY_RUN) {
            p++;
        }
        return p == pattern.length;
    }

    private static int fold(int c, boolean ignoreCase) {
        return ignoreCase ? Character.toLowerCase(Character.toUpperCase(c)) : c;
    }
}

package io.kin.rules.sql;

import io.kin.rules.sql.SqlToken.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * A light tokenizer run before JSqlParser: it finds what JSqlParser cannot take as written (the quoted FROM
 * sources, deep field paths) and the offsets we report errors at. It skips comments and literals the way
 * JSqlParser does: strings in single quotes with {@code ''} as the only escape.
 */
final class SqlScanner {

    /** Deeper nesting makes JSqlParser's backtracking slow; no sensible rule comes close. */
    static final int MAX_DEPTH = 32;

    private final SourceText source;
    private final String sql;
    private final List<SqlToken> tokens = new ArrayList<>();
    private int pos;
    private int depth;

    private SqlScanner(SourceText source) {
        this.source = source;
        this.sql = source.text();
    }

    static List<SqlToken> scan(SourceText source) {
        SqlScanner scanner = new SqlScanner(source);
        scanner.run();
        return scanner.tokens;
    }

    private void run() {
        int n = sql.length();
        while (pos < n) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && sql.startsWith("--", pos)) {
                int eol = nextLineBreak(pos);
                pos = eol < 0 ? n : eol;
            } else if (c == '/' && sql.startsWith("/*", pos)) {
                int close = sql.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw source.error("unterminated comment", pos);
                }
                pos = close + 2;
            } else if (c == '\'') {
                add(Kind.STRING, pos, quoted(pos, "string literal"));
            } else if (c == '"' || c == '`') {
                add(Kind.QUOTED, pos, quoted(pos, "quoted name"));
            } else if (isIdentifierStart(c)) {
                word();
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(sql.charAt(pos + 1)))) {
                number();
            } else {
                symbol(c);
            }
        }
    }

    private int nextLineBreak(int from) {
        for (int i = from; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** End offset (exclusive) of the quoted token starting at {@code start}. */
    private int quoted(int start, String what) {
        char quote = sql.charAt(start);
        int i = start + 1;
        while (true) {
            int close = sql.indexOf(quote, i);
            if (close < 0) {
                throw source.error("unterminated " + what, start);
            }
            if (close + 1 < sql.length() && sql.charAt(close + 1) == quote) {
                i = close + 2;
            } else {
                return close + 1;
            }
        }
    }

    private void word() {
        int start = pos;
        int end = identifierEnd(pos);
        boolean path = false;
        while (end < sql.length()) {
            char c = sql.charAt(end);
            if (c == '.' && end + 1 < sql.length() && isIdentifierStart(sql.charAt(end + 1))) {
                end = identifierEnd(end + 1);
            } else if (c == '.' && end + 1 < sql.length() && sql.charAt(end + 1) == '"') {
                end = quoted(end + 1, "quoted key");
            } else if (c == '[' && indexEnd(end) > 0) {
                end = indexEnd(end);
            } else {
                break;
            }
            path = true;
        }
        add(path ? Kind.PATH : Kind.WORD, start, end);
    }

    /** End of {@code [digits]} or {@code [-digits]} at {@code open}, or -1 when it is not a literal index. */
    private int indexEnd(int open) {
        int i = open + 1;
        if (i < sql.length() && sql.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
            i++;
        }
        return i > digits && i < sql.length() && sql.charAt(i) == ']' ? i + 1 : -1;
    }

    private int identifierEnd(int from) {
        int i = from;
        while (i < sql.length() && isIdentifierPart(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private void number() {
        int start = pos;
        int i = pos;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            boolean exponentSign = (c == '+' || c == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E');
            if (!Character.isLetterOrDigit(c) && c != '.' && c != '_' && !exponentSign) {
                break;
            }
            i++;
        }
        add(Kind.NUMBER, start, i);
    }

    private void symbol(char c) {
        if (c == '(') {
            if (depth == MAX_DEPTH) {
                throw source.error("expression nested too deeply (more than " + MAX_DEPTH + " parentheses)", pos);
            }
            add(Kind.SYMBOL, pos, pos + 1);
            depth++;
        } else if (c == ')') {
            depth = Math.max(0, depth - 1);
            add(Kind.SYMBOL, pos, pos + 1);
        } else {
            add(Kind.SYMBOL, pos, pos + 1);
        }
    }

    private void add(Kind kind, int start, int end) {
        tokens.add(new SqlToken(kind, sql.substring(start, end), start, end, depth));
        pos = end;
    }

    static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}

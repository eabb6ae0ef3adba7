package io.kin.rules.sql;

import io.kin.rules.sql.SqlToken.Kind;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's SQL made digestible for JSqlParser without moving any character: the quoted FROM sources become the
 * identifier {@code src} padded with spaces, and every field path ({@code payload.a.b[1]}) becomes an identifier of
 * the same length ({@code p_____________}). So every JSqlParser position is a position in the user's text; the
 * replaced parts are remembered by offset.
 */
final class PreparedSql {

    static final String SOURCES_PLACEHOLDER = "src";
    static final int MAX_LENGTH = 65_536;

    /** A select item's text as the user wrote it, used as the output name of an unaliased expression. */
    record ItemText(int start, String text) {
    }

    final SourceText source;
    final String parserText;
    final List<RuleSource> sources;
    final Map<Integer, FieldPath> paths;
    final List<SqlToken> tokens;
    final List<ItemText> items;
    final int fromOffset;
    /** Where the first token after the FROM sources starts (the end of the text when there is none). */
    final int afterSourcesOffset;

    private PreparedSql(SourceText source, String parserText, List<RuleSource> sources, Map<Integer, FieldPath> paths,
                        List<SqlToken> tokens, List<ItemText> items, int fromOffset, int afterSourcesOffset) {
        this.source = source;
        this.parserText = parserText;
        this.sources = sources;
        this.paths = paths;
        this.tokens = tokens;
        this.items = items;
        this.fromOffset = fromOffset;
        this.afterSourcesOffset = afterSourcesOffset;
    }

    static PreparedSql prepare(String sql) {
        SourceText source = new SourceText(sql);
        if (sql.length() > MAX_LENGTH) {
            throw source.error("rule SQL is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        List<SqlToken> tokens = SqlScanner.scan(source);
        if (tokens.isEmpty() || !tokens.get(0).isWord("SELECT")) {
            throw source.error("a rule must be a SELECT statement", tokens.isEmpty() ? 0 : tokens.get(0).start());
        }
        checkSingleStatement(source, tokens);
        int from = indexOfFrom(source, tokens);
        int afterSources = endOfSources(source, tokens, from);
        List<RuleSource> sources = new ArrayList<>();
        for (int i = from + 1; i < afterSources; i += 2) {
            sources.add(toSource(source, tokens.get(i)));
        }
        char[] text = sql.toCharArray();
        blankSources(text, tokens.get(from + 1).start(), tokens.get(afterSources - 1).end());
        Map<Integer, FieldPath> paths = new HashMap<>();
        for (int t = 0; t < tokens.size(); t++) {
            SqlToken token = tokens.get(t);
            if (token.kind() == Kind.PATH) {
                if (t > 0 && tokens.get(t - 1).isWord("AS")) {
                    throw source.error("an alias must be a simple name, not a path", token.start());
                }
                paths.put(token.start(), parsePath(source, token));
                text[token.start()] = 'p';
                for (int i = token.start() + 1; i < token.end(); i++) {
                    text[i] = '_';
                }
            }
        }
        return new PreparedSql(source, new String(text), List.copyOf(sources), Map.copyOf(paths), tokens,
                selectItems(tokens, from), tokens.get(from).start(),
                afterSources < tokens.size() ? tokens.get(afterSources).start() : sql.length());
    }

    private static void checkSingleStatement(SourceText source, List<SqlToken> tokens) {
        for (int i = 0; i < tokens.size() - 1; i++) {
            if (tokens.get(i).isSymbol(';')) {
                throw source.error("a rule is a single statement; remove what follows ';'", tokens.get(i + 1).start());
            }
        }
    }

    private static int indexOfFrom(SourceText source, List<SqlToken> tokens) {
        for (int i = 1; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            if (t.depth() == 0 && t.isWord("FROM")) {
                return i;
            }
            if (t.depth() == 0 && t.isWord("WHERE")) {
                throw source.error("missing FROM before WHERE", t.start());
            }
        }
        throw source.error("missing FROM: list the topic filters or events the rule reads, e.g. FROM \"sensors/#\"",
                source.length());
    }

    /** Checks the FROM list is quoted sources separated by commas; returns the index of the token after it. */
    private static int endOfSources(SourceText source, List<SqlToken> tokens, int from) {
        int i = from + 1;
        SqlToken first = i < tokens.size() ? tokens.get(i) : null;
        if (first == null || first.isWord("WHERE") || first.isSymbol(';')) {
            throw source.error("empty FROM: list one or more quoted topic filters or $events/... names",
                    first == null ? source.length() : first.start());
        }
        if (!first.isQuoted()) {
            throw source.error("FROM takes quoted topic filters or $events/... names, e.g. FROM \"sensors/#\"",
                    first.start());
        }
        while (true) {
            SqlToken next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (next != null && next.isQuoted()) {
                throw source.error("missing ',' between FROM sources", next.start());
            }
            if (next == null || !next.isSymbol(',')) {
                return i + 1;
            }
            SqlToken after = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
            if (after == null || !after.isQuoted()) {
                throw source.error("expected a quoted topic filter or $events/... name after ','",
                        after == null ? source.length() : after.start());
            }
            i += 2;
        }
    }

    /** Replaces the (valid, so at least 3 characters long) source list by the placeholder, keeping line breaks. */
    private static void blankSources(char[] text, int start, int end) {
        for (int k = start; k < end; k++) {
            if (text[k] != '\n' && text[k] != '\r') {
                text[k] = ' ';
            }
        }
        SOURCES_PLACEHOLDER.getChars(0, SOURCES_PLACEHOLDER.length(), text, start);
    }

    private static RuleSource toSource(SourceText source, SqlToken token) {
        String value = token.unquoted();
        if (value.startsWith(EventType.PREFIX)) {
            return EventType.fromSource(value).<RuleSource>map(RuleSource.Event::new).orElseThrow(() ->
                    source.error("unknown event '" + value + "'; known events: " + eventNames(), token.start() + 1));
        }
        TopicFilters.Problem problem = TopicFilters.check(value);
        if (problem != null) {
            throw source.error(problem.reason() + " in '" + value + "'", offsetInQuoted(token, problem.index()));
        }
        return new RuleSource.TopicFilter(value);
    }

    /** Offset in the SQL of character {@code index} of a quoted token's content, counting doubled quotes. */
    private static int offsetInQuoted(SqlToken token, int index) {
        String raw = token.text();
        char quote = raw.charAt(0);
        int offset = 1;
        for (int k = 0; k < index; k++) {
            offset += raw.charAt(offset) == quote ? 2 : 1;
        }
        return token.start() + offset;
    }

    private static String eventNames() {
        StringBuilder names = new StringBuilder();
        for (EventType type : EventType.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(type.source());
        }
        return names.toString();
    }

    private static FieldPath parsePath(SourceText source, SqlToken token) {
        try {
            return FieldPath.parse(token.text());
        } catch (FieldPath.BadPath e) {
            throw source.error(e.getMessage(), token.start() + e.index);
        }
    }

    private static List<ItemText> selectItems(List<SqlToken> tokens, int from) {
        List<ItemText> items = new ArrayList<>();
        int first = 1;
        for (int i = 1; i <= from; i++) {
            SqlToken t = tokens.get(i);
            if (i == from || (t.depth() == 0 && t.isSymbol(','))) {
                if (i > first) {
                    items.add(new ItemText(tokens.get(first).start(), textBetween(tokens, first, i)));
                }
                first = i + 1;
            }
        }
        return items;
    }

    /** Tokens {@code [from, to)} joined by single spaces where the user had any whitespace or comment. */
    private static String textBetween(List<SqlToken> tokens, int from, int to) {
        StringBuilder text = new StringBuilder(tokens.get(from).text());
        for (int i = from + 1; i < to; i++) {
            if (tokens.get(i).start() > tokens.get(i - 1).end()) {
                text.append(' ');
            }
            text.append(tokens.get(i).text());
        }
        return text.toString();
    }

    /** Offset of the first keyword {@code word} after SELECT, or of FROM when there is none. */
    int offsetOfKeyword(String word) {
        return offsetOfKeyword(word, 0);
    }

    /** Offset of the first keyword {@code word} at or after {@code from}, or of FROM when there is none. */
    int offsetOfKeyword(String word, int from) {
        for (int i = 1; i < tokens.size(); i++) {
            if (tokens.get(i).start() >= from && tokens.get(i).isWord(word)) {
                return tokens.get(i).start();
            }
        }
        return fromOffset;
    }

    /** The user's text at an offset, as long as a JSqlParser token image (placeholders have the same length). */
    String originalText(int offset, int length) {
        return source.text().substring(offset, Math.min(source.length(), offset + length));
    }
}

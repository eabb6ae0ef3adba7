package io.kin.rules.sql;

import java.util.Arrays;

/**
 * The text the user wrote, with offset to line/column conversion. Line breaks are counted the way JSqlParser's
 * JavaCC char stream counts them ({@code \r\n}, {@code \r} or {@code \n}; a tab is one column), so its token
 * positions and ours agree.
 */
final class SourceText {

    private final String text;
    private final int[] lineStarts;

    SourceText(String text) {
        this.text = text;
        int[] starts = new int[8];
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'));
            if (lineBreak) {
                if (lines == starts.length) {
                    starts = Arrays.copyOf(starts, lines * 2);
                }
                starts[lines++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, lines);
    }

    String text() {
        return text;
    }

    int length() {
        return text.length();
    }

    /** Offset of a 1-based line and column; clamped into the text. */
    int offset(int line, int column) {
        int l = Math.max(1, Math.min(line, lineStarts.length));
        return Math.max(0, Math.min(text.length(), lineStarts[l - 1] + column - 1));
    }

    RuleSqlException error(String reason, int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        int line = index >= 0 ? index + 1 : -index - 1;
        return new RuleSqlException(reason, line, offset - lineStarts[line - 1] + 1);
    }
}

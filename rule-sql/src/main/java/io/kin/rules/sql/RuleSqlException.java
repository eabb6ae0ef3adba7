package io.kin.rules.sql;

/**
 * A rule's SQL (or a template) cannot be compiled. {@link #line()} and {@link #column()} are 1-based and point into
 * the text exactly as the user wrote it, so an editor can put the cursor on the problem.
 */
public final class RuleSqlException extends RuntimeException {

    private final String reason;
    private final int line;
    private final int column;

    public RuleSqlException(String reason, int line, int column) {
        super(reason + " (line " + line + ", column " + column + ")");
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** The problem without the position, e.g. {@code unknown function 'foo'}. */
    public String reason() {
        return reason;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}

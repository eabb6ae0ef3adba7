package io.kin.rules.sql;

/** A token of the user's SQL as our own scanner sees it; {@code depth} is the parenthesis depth it sits at. */
record SqlToken(Kind kind, String text, int start, int end, int depth) {

    enum Kind {
        /** An identifier or keyword. */
        WORD,
        /** A field path with at least one {@code .key} or {@code [n]}: {@code payload.list[1].x}. */
        PATH,
        /** {@code 'single quoted'}. */
        STRING,
        /** {@code "double quoted"} or {@code `back-quoted`}. */
        QUOTED,
        NUMBER,
        SYMBOL
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(char c) {
        return kind == Kind.SYMBOL && text.length() == 1 && text.charAt(0) == c;
    }

    boolean isQuoted() {
        return kind == Kind.STRING || kind == Kind.QUOTED;
    }

    /** The content of a quoted token with doubled quotes undone. */
    String unquoted() {
        char quote = text.charAt(0);
        String inner = text.substring(1, text.length() - 1);
        return inner.replace(String.valueOf(quote) + quote, String.valueOf(quote));
    }
}

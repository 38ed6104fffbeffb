package dev.pharos.query.sql;

/** One lexical token of a ClickHouse statement, with its offset for error messages. */
record SqlToken(Kind kind, String text, int offset) {

    enum Kind {
        /** A bare word: keyword, identifier or function name. */
        WORD,
        /** A `back-quoted` or "double-quoted" identifier, text unquoted. */
        QUOTED_IDENTIFIER,
        /** A 'string literal', text unquoted. */
        STRING,
        NUMBER,
        SEMICOLON,
        /** Any other operator or punctuation character(s). */
        SYMBOL
    }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }
}

package dev.pharos.query.promql.parse;

/** Lexical token kinds of PromQL. */
enum TokenType {
    EOF, IDENTIFIER, METRIC_IDENTIFIER, NUMBER, DURATION, STRING,
    LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, COMMA, ASSIGN, COLON, AT,
    // Operators.
    ADD, SUB, MUL, DIV, MOD, POW, EQLC, NEQ, LTE, LSS, GTE, GTR, EQL_REGEX, NEQ_REGEX, AND, OR, UNLESS, ATAN2, BITAND, BITOR, BITXOR,
    // Keywords.
    BOOL, BY, WITHOUT, ON, IGNORING, GROUP_LEFT, GROUP_RIGHT, OFFSET, START, END,
    AGGREGATOR;

    boolean isOperator() {
        return ordinal() >= ADD.ordinal() && ordinal() <= BITXOR.ordinal();
    }

    boolean isKeyword() {
        return ordinal() >= BOOL.ordinal() && ordinal() <= END.ordinal();
    }
}

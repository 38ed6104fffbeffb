package dev.pharos.query.promql.parse;

import dev.pharos.query.promql.ast.PositionRange;
import dev.pharos.query.promql.storage.GoStrings;

/**
 * A token: its kind, source text and offsets. {@code number} holds the value of NUMBER tokens, {@code millis} of
 * DURATION tokens, {@code string} the unquoted value of STRING tokens.
 */
record Token(TokenType type, String text, int start, int end, double number, long millis, String string) {

    static Token of(TokenType type, String text, int start, int end) {
        return new Token(type, text, start, end, 0, 0, null);
    }

    PositionRange range() {
        return new PositionRange(start, end);
    }

    /** How Prometheus names the token in "unexpected ..." messages. */
    String describe() {
        return switch (type) {
            case EOF -> "end of input";
            case IDENTIFIER, METRIC_IDENTIFIER -> "identifier " + GoStrings.quote(text);
            case NUMBER -> "number " + GoStrings.quote(text);
            case DURATION -> "duration " + GoStrings.quote(text);
            case STRING -> "string " + shortQuote(text);
            case AGGREGATOR -> "<aggr:" + text + ">";
            default -> {
                if (type.isOperator() || type == TokenType.AT) {
                    yield "<op:" + text + ">";
                }
                if (type.isKeyword()) {
                    yield "<" + text + ">";
                }
                yield GoStrings.quote(text);
            }
        };
    }

    private static String shortQuote(String s) {
        String q = GoStrings.quote(s);
        return s.length() > 10 ? GoStrings.quote(s.substring(0, 10)) + "..." : q;
    }
}

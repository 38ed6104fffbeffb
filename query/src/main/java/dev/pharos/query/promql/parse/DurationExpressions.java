package dev.pharos.query.promql.parse;

import dev.pharos.query.promql.ast.BinaryOp;
import dev.pharos.query.promql.ast.PositionRange;
import java.util.Locale;

/**
 * Duration expressions of ranges, subquery steps and offsets ({@code [2*step()]}, {@code offset (5m - 1)}): numbers
 * (seconds) and durations combined with + - * / % ^, parentheses, step(), range(), min_of() and max_of(). They are
 * computed while parsing, with the query's step and range, which is why parsing takes those two values.
 */
final class DurationExpressions {

    private static final String EXPECTED = "number, duration, step(), or range()";

    private final Parser parser;
    private final Lexer lexer;
    private final long queryStepMs;
    private final long queryRangeMs;

    DurationExpressions(Parser parser, Lexer lexer, long queryStepMs, long queryRangeMs) {
        this.parser = parser;
        this.lexer = lexer;
        this.queryStepMs = queryStepMs;
        this.queryRangeMs = queryRangeMs;
    }

    /** A whole expression inside brackets, in milliseconds. */
    long inBrackets(String context) {
        int start = lexer.peek().start();
        return toMillis(term(0, context), new PositionRange(start, start));
    }

    /** After offset: a literal, step()/range(), or a parenthesized expression, optionally signed; binds tighter than operators. */
    long afterOffset() {
        Token t = lexer.peek();
        int sign = 1;
        if (t.type() == TokenType.SUB || t.type() == TokenType.ADD) {
            lexer.next();
            sign = t.type() == TokenType.SUB ? -1 : 1;
        }
        int start = lexer.peek().start();
        double seconds = primary("offset");
        return sign * toMillis(seconds, new PositionRange(start, lexer.lastEnd()));
    }

    /** Durations are Go time.Durations in Prometheus: nanoseconds in an int64, so about 292 years at most. */
    private long toMillis(double seconds, PositionRange pos) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds * 1e9) >= 0x1p63) {
            throw parser.error(pos, "duration out of range");
        }
        return (long) Math.rint(seconds * 1000);
    }

    private double term(int minPrecedence, String context) {
        double lhs = unary(context);
        while (true) {
            BinaryOp op = Parser.binaryOp(lexer.peek().type());
            if (op == null || op.precedence() < BinaryOp.ADD.precedence() || op == BinaryOp.ATAN2
                    || op == BinaryOp.BITAND || op == BinaryOp.BITOR || op == BinaryOp.BITXOR
                    || op.precedence() < minPrecedence) {
                return lhs;
            }
            Token opToken = lexer.next();
            double rhs = term(op.rightAssociative() ? op.precedence() : op.precedence() + 1, context);
            if (rhs == 0 && (op == BinaryOp.DIV || op == BinaryOp.MOD)) {
                throw parser.error(opToken.range(), op == BinaryOp.DIV ? "division by zero" : "modulo by zero");
            }
            lhs = switch (op) {
                case ADD -> lhs + rhs;
                case SUB -> lhs - rhs;
                case MUL -> lhs * rhs;
                case DIV -> lhs / rhs;
                case MOD -> lhs % rhs;
                default -> Math.pow(lhs, rhs);
            };
        }
    }

    private double unary(String context) {
        Token t = lexer.peek();
        if (t.type() == TokenType.SUB || t.type() == TokenType.ADD) {
            lexer.next();
            double v = term(BinaryOp.POW.precedence(), context);
            return t.type() == TokenType.SUB ? -v : v;
        }
        return primary(context);
    }

    private double primary(String context) {
        Token t = lexer.next();
        switch (t.type()) {
            case DURATION -> {
                return t.millis() / 1000.0;
            }
            case NUMBER -> {
                return t.number();
            }
            case LEFT_PAREN -> {
                double v = term(0, context);
                parser.expect(TokenType.RIGHT_PAREN, context, "\")\"");
                return v;
            }
            case IDENTIFIER -> {
                String word = t.text().toLowerCase(Locale.ROOT);
                if ((word.equals("min_of") || word.equals("max_of")) && lexer.peek().type() == TokenType.LEFT_PAREN) {
                    lexer.next();
                    double a = term(0, context);
                    parser.expect(TokenType.COMMA, context, "\",\"");
                    double b = term(0, context);
                    parser.expect(TokenType.RIGHT_PAREN, context, "\")\"");
                    return word.equals("min_of") ? Math.min(a, b) : Math.max(a, b);
                }
                if (word.equals("step") || word.equals("range")) {
                    parser.expect(TokenType.LEFT_PAREN, context, EXPECTED);
                    parser.expect(TokenType.RIGHT_PAREN, context, "\")\"");
                    return (word.equals("step") ? queryStepMs : queryRangeMs) / 1000.0;
                }
                throw parser.unexpected(t, context, EXPECTED);
            }
            default -> throw parser.unexpected(t, context, EXPECTED);
        }
    }
}

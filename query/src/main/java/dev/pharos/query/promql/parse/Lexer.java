package dev.pharos.query.promql.parse;

import dev.pharos.query.promql.ast.AggregationOp;
import dev.pharos.query.promql.ast.Durations;
import dev.pharos.query.promql.ast.PositionRange;
import java.util.Locale;
import java.util.Map;

/**
 * Pull lexer for PromQL. Like Prometheus's, it is contextual: inside braces every word is a label name (keywords
 * included) and only matcher operators are allowed.
 */
final class Lexer {

    private static final Map<String, TokenType> KEYWORDS = Map.ofEntries(
            Map.entry("and", TokenType.AND), Map.entry("or", TokenType.OR), Map.entry("unless", TokenType.UNLESS),
            Map.entry("atan2", TokenType.ATAN2), Map.entry("bitand", TokenType.BITAND),
            Map.entry("bitor", TokenType.BITOR), Map.entry("bitxor", TokenType.BITXOR), Map.entry("bool", TokenType.BOOL), Map.entry("by", TokenType.BY),
            Map.entry("without", TokenType.WITHOUT), Map.entry("on", TokenType.ON),
            Map.entry("ignoring", TokenType.IGNORING), Map.entry("group_left", TokenType.GROUP_LEFT),
            Map.entry("group_right", TokenType.GROUP_RIGHT), Map.entry("offset", TokenType.OFFSET),
            Map.entry("start", TokenType.START), Map.entry("end", TokenType.END));

    private final String in;
    private int pos;
    private boolean insideBraces;
    private int parenDepth;
    private boolean bracketOpen;
    private Token peeked;

    Lexer(String input) {
        this.in = input;
    }

    String input() {
        return in;
    }

    Token peek() {
        if (peeked == null) {
            peeked = lex();
        }
        return peeked;
    }

    /** True when the already peeked identifier is directly followed (after blanks) by '('. */
    boolean peekIsLeftParenAfterIdentifier() {
        Token t = peek();
        int i = t.end();
        while (i < in.length() && Character.isWhitespace(in.charAt(i))) {
            i++;
        }
        return i < in.length() && in.charAt(i) == '(';
    }

    Token next() {
        Token t = peek();
        peeked = null;
        return t;
    }

    private ParseException error(int start, int end, String msg) {
        return new ParseException(new PositionRange(start, end), msg, in);
    }

    private Token lex() {
        return insideBraces ? lexInsideBraces() : lexStatement();
    }

    private void skipSpaceAndComments() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else if (c == '#') {
                while (pos < in.length() && in.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                break;
            }
        }
    }

    private Token simple(TokenType type, int len) {
        Token t = Token.of(type, in.substring(pos, pos + len), pos, pos + len);
        pos += len;
        return t;
    }

    private Token lexStatement() {
        skipSpaceAndComments();
        if (pos >= in.length()) {
            if (parenDepth > 0) {
                throw error(pos, pos, "unclosed left parenthesis");
            }
            if (bracketOpen) {
                throw error(pos, pos, "unclosed left bracket");
            }
            return Token.of(TokenType.EOF, "", pos, pos);
        }
        char c = in.charAt(pos);
        char n = pos + 1 < in.length() ? in.charAt(pos + 1) : 0;
        switch (c) {
            case ',' -> {
                return simple(TokenType.COMMA, 1);
            }
            case '(' -> {
                parenDepth++;
                return simple(TokenType.LEFT_PAREN, 1);
            }
            case ')' -> {
                if (parenDepth == 0) {
                    throw error(pos, pos + 1, "unexpected right parenthesis ')'");
                }
                parenDepth--;
                return simple(TokenType.RIGHT_PAREN, 1);
            }
            case '[' -> {
                if (bracketOpen) {
                    throw error(pos, pos + 1, "unexpected left bracket '['");
                }
                bracketOpen = true;
                return simple(TokenType.LEFT_BRACKET, 1);
            }
            case ']' -> {
                if (!bracketOpen) {
                    throw error(pos, pos + 1, "unexpected right bracket ']'");
                }
                bracketOpen = false;
                return simple(TokenType.RIGHT_BRACKET, 1);
            }
            case '{' -> {
                insideBraces = true;
                return simple(TokenType.LEFT_BRACE, 1);
            }
            case '}' -> throw error(pos, pos + 1, "unexpected right brace '}'");
            case '@' -> {
                return simple(TokenType.AT, 1);
            }
            case '+' -> {
                return simple(TokenType.ADD, 1);
            }
            case '-' -> {
                return simple(TokenType.SUB, 1);
            }
            case '*' -> {
                return simple(TokenType.MUL, 1);
            }
            case '/' -> {
                return simple(TokenType.DIV, 1);
            }
            case '%' -> {
                return simple(TokenType.MOD, 1);
            }
            case '^' -> {
                return simple(TokenType.POW, 1);
            }
            case '=' -> {
                if (n == '=') {
                    return simple(TokenType.EQLC, 2);
                }
                if (n == '~') {
                    throw error(pos, pos + 2, "unexpected character after '=': '~'");
                }
                return simple(TokenType.ASSIGN, 1);
            }
            case '!' -> {
                if (n == '=') {
                    return simple(TokenType.NEQ, 2);
                }
                throw error(pos, pos + 1, "unexpected character after '!': " + runeQuote(n));
            }
            case '<' -> {
                return n == '=' ? simple(TokenType.LTE, 2) : simple(TokenType.LSS, 1);
            }
            case '>' -> {
                return n == '=' ? simple(TokenType.GTE, 2) : simple(TokenType.GTR, 1);
            }
            case '"', '\'', '`' -> {
                return lexString(c);
            }
            case ':' -> {
                if (bracketOpen) {
                    return simple(TokenType.COLON, 1);
                }
                return lexIdentifier(true);
            }
            default -> {
                if (isDigit(c) || (c == '.' && isDigit(n))) {
                    return lexNumberOrDuration();
                }
                if (isAlpha(c)) {
                    return lexIdentifier(true);
                }
                throw error(pos, pos + 1, "unexpected character: " + runeQuote(c));
            }
        }
    }

    private Token lexInsideBraces() {
        skipSpaceAndComments();
        if (pos >= in.length()) {
            throw error(pos, pos, "unexpected end of input inside braces");
        }
        char c = in.charAt(pos);
        char n = pos + 1 < in.length() ? in.charAt(pos + 1) : 0;
        switch (c) {
            case ',' -> {
                return simple(TokenType.COMMA, 1);
            }
            case '}' -> {
                insideBraces = false;
                return simple(TokenType.RIGHT_BRACE, 1);
            }
            case '=' -> {
                return n == '~' ? simple(TokenType.EQL_REGEX, 2) : simple(TokenType.ASSIGN, 1);
            }
            case '!' -> {
                if (n == '~') {
                    return simple(TokenType.NEQ_REGEX, 2);
                }
                if (n == '=') {
                    return simple(TokenType.NEQ, 2);
                }
                throw error(pos, pos + 1, "unexpected character inside braces: '!'");
            }
            case '"', '\'', '`' -> {
                return lexString(c);
            }
            case '{' -> throw error(pos, pos + 1, "unexpected left brace '{'");
            default -> {
                if (isAlpha(c)) {
                    return lexIdentifier(false);
                }
                throw error(pos, pos + 1, "unexpected character inside braces: " + runeQuote(c));
            }
        }
    }

    private Token lexIdentifier(boolean allowColon) {
        int start = pos;
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (isAlpha(c) || isDigit(c) || (allowColon && c == ':')) {
                pos++;
            } else {
                break;
            }
        }
        String word = in.substring(start, pos);
        if (!allowColon) {
            return Token.of(TokenType.IDENTIFIER, word, start, pos);
        }
        String lower = word.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("nan")) {
            double v = lower.equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN;
            return new Token(TokenType.NUMBER, word, start, pos, v, 0, null);
        }
        TokenType kw = KEYWORDS.get(lower);
        if (kw != null) {
            return Token.of(kw, word, start, pos);
        }
        if (AggregationOp.fromKeyword(lower) != null) {
            return Token.of(TokenType.AGGREGATOR, word, start, pos);
        }
        return Token.of(word.indexOf(':') >= 0 ? TokenType.METRIC_IDENTIFIER : TokenType.IDENTIFIER, word, start, pos);
    }

    private Token lexNumberOrDuration() {
        int start = pos;
        if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < in.length() && Character.digit(in.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == digits || (pos < in.length() && (isAlpha(in.charAt(pos)) || in.charAt(pos) == '.'))) {
                consumeAlnum();
                throw error(start, pos, "bad number or duration syntax: " + quoteText(start));
            }
            String text = in.substring(start, pos);
            double v = new java.math.BigInteger(text.substring(2), 16).doubleValue();
            return new Token(TokenType.NUMBER, text, start, pos, v, 0, null);
        }
        boolean integer = true;
        while (pos < in.length() && isDigit(in.charAt(pos))) {
            pos++;
        }
        if (pos < in.length() && in.charAt(pos) == '.') {
            integer = false;
            pos++;
            while (pos < in.length() && isDigit(in.charAt(pos))) {
                pos++;
            }
        }
        if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < in.length() && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < in.length() && isDigit(in.charAt(pos))) {
                integer = false;
                while (pos < in.length() && isDigit(in.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        if (pos < in.length() && (isAlpha(in.charAt(pos)) || isDigit(in.charAt(pos)))) {
            if (!integer) {
                consumeAlnum();
                throw error(start, pos, "bad number or duration syntax: " + quoteText(start));
            }
            consumeAlnum();
            String text = in.substring(start, pos);
            try {
                long ms = Durations.parse(text);
                return new Token(TokenType.DURATION, text, start, pos, 0, ms, null);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw error(start, pos, "bad number or duration syntax: " + quoteText(start));
            }
        }
        String text = in.substring(start, pos);
        return new Token(TokenType.NUMBER, text, start, pos, Double.parseDouble(text), 0, null);
    }

    private void consumeAlnum() {
        while (pos < in.length() && (isAlpha(in.charAt(pos)) || isDigit(in.charAt(pos)))) {
            pos++;
        }
    }

    private String quoteText(int start) {
        return "\"" + in.substring(start, pos) + "\"";
    }

    private Token lexString(char quote) {
        int start = pos;
        pos++;
        if (quote == '`') {
            int end = in.indexOf('`', pos);
            if (end < 0) {
                pos = in.length();
                throw error(start, pos, "unterminated raw string");
            }
            String value = in.substring(pos, end);
            pos = end + 1;
            return new Token(TokenType.STRING, in.substring(start, pos), start, pos, 0, 0, value);
        }
        while (true) {
            if (pos >= in.length() || in.charAt(pos) == '\n') {
                throw error(start, pos, "unterminated quoted string");
            }
            char c = in.charAt(pos);
            if (c == '\\') {
                pos += 2;
                continue;
            }
            if (c == quote) {
                pos++;
                break;
            }
            pos++;
        }
        String raw = in.substring(start, pos);
        try {
            String value = StringUnquoter.unquote(raw);
            return new Token(TokenType.STRING, raw, start, pos, 0, 0, value);
        } catch (IllegalArgumentException e) {
            throw error(start, pos, e.getMessage());
        }
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlpha(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static String runeQuote(char c) {
        if (c == 0) {
            return "U+0000";
        }
        return c == '\'' ? "'\\''" : "'" + c + "'";
    }
}

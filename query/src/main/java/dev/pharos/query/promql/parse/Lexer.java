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
    /** Between '[' and the first number or duration inside it, where Prometheus lexes strictly. */
    private boolean durationStart;
    private Token peeked;
    private int lastEnd;

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
        lastEnd = t.end();
        return t;
    }

    /** End offset of the last token handed out by {@link #next()}. */
    int lastEnd() {
        return lastEnd;
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
                throw error(pos, pos, durationStart ? "unexpected end of input in duration expression" : "unclosed left bracket");
            }
            return Token.of(TokenType.EOF, "", pos, pos);
        }
        char c = in.charAt(pos);
        char n = pos + 1 < in.length() ? in.charAt(pos + 1) : 0;
        if (durationStart) {
            checkDurationExpressionStart(c);
        }
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
                    // Prometheus reports this just after the parenthesis.
                    throw error(pos + 1, pos + 1, "unexpected right parenthesis ')'");
                }
                parenDepth--;
                return simple(TokenType.RIGHT_PAREN, 1);
            }
            case '[' -> {
                if (bracketOpen) {
                    throw error(pos, pos + 1, "unexpected left bracket '['");
                }
                bracketOpen = true;
                durationStart = true;
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
            case '}' -> throw error(pos, pos + 1, "unexpected character: '}'");
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
                    if (bracketOpen && !isDurationKeyword(pos)) {
                        throw error(pos, pos + 1, "unexpected character: " + runeQuote(c) + ", expected ':'");
                    }
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
        if (durationStart) {
            checkDurationExpressionStart(c);
        }
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

    private void checkDurationExpressionStart(char c) {
        if (c == ']') {
            durationStart = false;
            return;
        }
        if (isDigit(c) || c == '.') {
            durationStart = false;
            return;
        }
        if ("()+-*/%^,:".indexOf(c) >= 0) {
            return;
        }
        if (isAlpha(c) && isDurationKeyword(pos)) {
            return;
        }
        throw error(pos, pos + 1, "unexpected character in duration expression: " + runeQuote(c));
    }

    /** The words allowed inside brackets: step(), range(), min_of(...), max_of(...). */
    private boolean isDurationKeyword(int at) {
        int end = at;
        while (end < in.length() && isAlpha(in.charAt(end))) {
            end++;
        }
        String word = in.substring(at, end).toLowerCase(Locale.ROOT);
        return word.equals("step") || word.equals("range") || word.equals("min_of") || word.equals("max_of");
    }

    private Token lexNumberOrDuration() {
        int start = pos;
        if (scanNumber()) {
            String text = in.substring(start, pos);
            double v;
            try {
                v = GoNumbers.parse(text);
            } catch (IllegalArgumentException e) {
                throw error(start, pos, e.getMessage());
            }
            return new Token(TokenType.NUMBER, text, start, pos, v, 0, null);
        }
        if (acceptRemainingDuration()) {
            String text = in.substring(start, pos);
            try {
                return new Token(TokenType.DURATION, text, start, pos, 0, Durations.parse(text), null);
            } catch (IllegalArgumentException e) {
                throw error(start, pos, e.getMessage());
            } catch (ArithmeticException e) {
                throw error(start, pos, "duration out of range");
            }
        }
        throw error(start, pos, "bad number or duration syntax: " + quoteText(start));
    }

    private boolean at(String set) {
        return pos < in.length() && set.indexOf(in.charAt(pos)) >= 0;
    }

    private boolean accept(String set) {
        if (at(set)) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * Consumes a number the way Prometheus's lexer does: digits with at most one dot and one exponent, underscores
     * only between digits, hex integers. Returns false (leaving the position after the offending part) when the text
     * is not a plain number, which may still make it a duration.
     */
    private boolean scanNumber() {
        int start = pos;
        String digits = "0123456789";
        if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
            pos += 2;
            accept("_");
            digits = "0123456789abcdefABCDEF";
        }
        accept(".");
        accept(digits);
        boolean dot = false;
        boolean exponent = false;
        while (at(digits + "._eE")) {
            if (at(".")) {
                pos++;
                if (dot || accept("_.") || digits.length() > 10) {
                    return false;
                }
                dot = true;
            } else if (digits.length() == 10 && at("eE")) {
                pos++;
                if (exponent) {
                    return false;
                }
                exponent = true;
                accept("+-");
                if (accept("._eE") || pos >= in.length()) {
                    return false;
                }
            } else if (at("_")) {
                pos++;
                if (accept("._eE") || pos >= in.length()) {
                    return false;
                }
            } else {
                while (at(digits)) {
                    pos++;
                }
            }
        }
        if (pos == start) {
            return false;
        }
        return pos >= in.length() || !isAlphaNumeric(in.charAt(pos));
    }

    /** Duration units after the number part, e.g. the {@code m30s} of {@code 1m30s}; units are validated later. */
    private boolean acceptRemainingDuration() {
        if (!accept("smhdwy")) {
            return false;
        }
        accept("s");
        while (accept("0123456789")) {
            while (accept("0123456789")) {
                // consume the whole number
            }
            if (!accept("smhdw")) {
                return false;
            }
            accept("s");
        }
        if (pos < in.length() && isAlphaNumeric(in.charAt(pos))) {
            pos++;
            return false;
        }
        return true;
    }

    private static boolean isAlphaNumeric(char c) {
        return isAlpha(c) || isDigit(c);
    }

    private String quoteText(int start) {
        return "\"" + in.substring(start, pos) + "\"";
    }

    /**
     * Checks the escape sequence starting at {@code at} (just after the backslash) the way Prometheus's lexer does,
     * reading into the rest of the input, and returns the position after it.
     */
    private int skipEscape(int stringStart, int at, char quote) {
        if (at >= in.length()) {
            throw error(stringStart, at, "escape sequence not terminated");
        }
        char ch = in.charAt(at);
        int digits;
        int base;
        int max;
        int p = at + 1;
        switch (ch) {
            case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
                return p;
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                digits = 3;
                base = 8;
                max = 255;
                p = at;
            }
            case 'x' -> {
                digits = 2;
                base = 16;
                max = 255;
            }
            case 'u' -> {
                digits = 4;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            case 'U' -> {
                digits = 8;
                base = 16;
                max = Character.MAX_CODE_POINT;
            }
            default -> {
                if (ch == quote) {
                    return p;
                }
                throw error(stringStart, p, "unknown escape sequence " + goRuneU(ch));
            }
        }
        long value = 0;
        for (int k = 0; k < digits; k++, p++) {
            if (p >= in.length()) {
                throw error(stringStart, p, "escape sequence not terminated");
            }
            int d = Character.digit(in.charAt(p), 16);
            if (d < 0 || d >= base || in.charAt(p) > 'f') {
                throw error(stringStart, p, "illegal character " + goRuneU(in.charAt(p)) + " in escape sequence");
            }
            value = value * base + d;
        }
        if (value > max || (value >= 0xD800 && value < 0xE000)) {
            throw error(stringStart, p, "escape sequence is an invalid Unicode code point");
        }
        return p;
    }

    /** Go's %#U: U+0063 'c', without the quoted character when it is not printable. */
    private static String goRuneU(char c) {
        String code = String.format(Locale.ROOT, "U+%04X", (int) c);
        return Character.isISOControl(c) || Character.isWhitespace(c) && c != ' ' ? code : code + " '" + c + "'";
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
                pos = skipEscape(start, pos + 1, quote);
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

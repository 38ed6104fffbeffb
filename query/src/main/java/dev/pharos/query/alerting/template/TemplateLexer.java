package dev.pharos.query.alerting.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a template into text and the tokens of its actions, the way Go's text/template lexer does:
 * {@code {{- } and {@code  -}}} trim the surrounding white space, {@code {{/* ... *}{@code /}}} is a comment.
 */
final class TemplateLexer {

    enum Type { TEXT, LEFT, RIGHT, IDENT, KEYWORD, FIELD, VARIABLE, DOT, STRING, NUMBER, BOOL, NIL, PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, COMMA, EOF }

    /** A token; {@code spaced} when white space precedes it inside an action (it separates arguments). */
    record Item(Type type, String text, Object value, int line, boolean spaced) {}

    private static final List<String> KEYWORDS = List.of("if", "else", "end", "range", "with", "define", "template", "block", "break",
            "continue");

    private final String name;
    private final String in;
    private final List<Item> items = new ArrayList<>();
    private int pos;
    private int line = 1;

    private TemplateLexer(String name, String in) {
        this.name = name;
        this.in = in;
    }

    static List<Item> lex(String name, String text) {
        TemplateLexer l = new TemplateLexer(name, text);
        l.run();
        return l.items;
    }

    private TemplateException error(String msg) {
        return new TemplateException("template: " + name + ":" + line + ": " + msg);
    }

    private void run() {
        boolean trimNext = false;
        while (pos < in.length()) {
            int open = in.indexOf("{{", pos);
            String text = open < 0 ? in.substring(pos) : in.substring(pos, open);
            if (trimNext) {
                int lead = 0;
                while (lead < text.length() && isSpace(text.charAt(lead))) {
                    lead++;
                }
                line += count(text.substring(0, lead));
                text = text.substring(lead);
                pos += lead;
            }
            if (open < 0) {
                emitText(text);
                pos = in.length();
                break;
            }
            boolean trimLeft = open + 3 < in.length() && in.charAt(open + 2) == '-' && isSpace(in.charAt(open + 3));
            String kept = text;
            if (trimLeft) {
                int end = kept.length();
                while (end > 0 && isSpace(kept.charAt(end - 1))) {
                    end--;
                }
                kept = kept.substring(0, end);
            }
            emitText(kept);
            line += count(text.substring(kept.length()));
            pos = open + (trimLeft ? 4 : 2);
            trimNext = action(open);
        }
        items.add(new Item(Type.EOF, "", null, line, false));
    }

    private void emitText(String text) {
        if (!text.isEmpty()) {
            items.add(new Item(Type.TEXT, text, text, line, false));
            line += count(text);
        }
    }

    private static int count(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Lexes one action from after its "{{"; true when it ends with "-}}". */
    private boolean action(int open) {
        int start = pos;
        while (pos < in.length() && isSpace(in.charAt(pos))) {
            pos++;
        }
        if (in.startsWith("/*", pos)) {
            int close = in.indexOf("*/", pos + 2);
            if (close < 0) {
                throw error("unclosed comment");
            }
            line += count(in.substring(start, close));
            pos = close + 2;
            while (pos < in.length() && isSpace(in.charAt(pos))) {
                pos++;
            }
            if (in.startsWith("-}}", pos)) {
                pos += 3;
                return true;
            }
            if (in.startsWith("}}", pos)) {
                pos += 2;
                return false;
            }
            throw error("comment ends before closing delimiter");
        }
        pos = start;
        items.add(new Item(Type.LEFT, "{{", null, line, false));
        while (true) {
            boolean spaced = false;
            while (pos < in.length() && isSpace(in.charAt(pos))) {
                if (in.charAt(pos) == '\n') {
                    line++;
                }
                spaced = true;
                pos++;
            }
            if (pos >= in.length()) {
                throw error("unclosed action");
            }
            if (spaced && in.startsWith("-}}", pos)) {
                items.add(new Item(Type.RIGHT, "}}", null, line, spaced));
                pos += 3;
                return true;
            }
            if (in.startsWith("}}", pos)) {
                items.add(new Item(Type.RIGHT, "}}", null, line, spaced));
                pos += 2;
                return false;
            }
            token(spaced);
        }
    }

    private void token(boolean spaced) {
        char c = in.charAt(pos);
        switch (c) {
            case '|' -> add(Type.PIPE, "|", null, spaced, 1);
            case '(' -> add(Type.LPAREN, "(", null, spaced, 1);
            case ')' -> add(Type.RPAREN, ")", null, spaced, 1);
            case ',' -> add(Type.COMMA, ",", null, spaced, 1);
            case '=' -> add(Type.ASSIGN, "=", null, spaced, 1);
            case ':' -> {
                if (!in.startsWith(":=", pos)) {
                    throw error("expected :=");
                }
                add(Type.DECLARE, ":=", null, spaced, 2);
            }
            case '"' -> quoted(spaced);
            case '`' -> {
                int close = in.indexOf('`', pos + 1);
                if (close < 0) {
                    throw error("unterminated raw quoted string");
                }
                String s = in.substring(pos + 1, close);
                items.add(new Item(Type.STRING, in.substring(pos, close + 1), s, line, spaced));
                line += count(s);
                pos = close + 1;
            }
            case '\'' -> {
                int close = in.indexOf('\'', pos + 1);
                if (close < 0) {
                    throw error("unterminated character constant");
                }
                String body = unescape(in.substring(pos + 1, close));
                if (body.codePointCount(0, body.length()) != 1) {
                    throw error("malformed character constant: " + in.substring(pos, close + 1));
                }
                add(Type.NUMBER, in.substring(pos, close + 1), (long) body.codePointAt(0), spaced, close + 1 - pos);
            }
            case '$' -> {
                int end = identEnd(pos + 1);
                add(Type.VARIABLE, in.substring(pos, end), null, spaced, end - pos);
            }
            case '.' -> {
                if (pos + 1 < in.length() && Character.isDigit(in.charAt(pos + 1))) {
                    number(spaced);
                } else if (pos + 1 < in.length() && isIdentChar(in.charAt(pos + 1))) {
                    int end = identEnd(pos + 1);
                    add(Type.FIELD, in.substring(pos, end), in.substring(pos + 1, end), spaced, end - pos);
                } else {
                    add(Type.DOT, ".", null, spaced, 1);
                }
            }
            default -> {
                if (Character.isDigit(c) || ((c == '-' || c == '+') && pos + 1 < in.length()
                        && (Character.isDigit(in.charAt(pos + 1)) || in.charAt(pos + 1) == '.'))) {
                    number(spaced);
                } else if (isIdentChar(c)) {
                    int end = identEnd(pos);
                    String word = in.substring(pos, end);
                    Type t = KEYWORDS.contains(word) ? Type.KEYWORD
                            : word.equals("true") || word.equals("false") ? Type.BOOL : word.equals("nil") ? Type.NIL : Type.IDENT;
                    add(t, word, t == Type.BOOL ? Boolean.valueOf(word) : null, spaced, end - pos);
                } else {
                    throw error("unexpected \"" + c + "\" in command");
                }
            }
        }
    }

    private void add(Type type, String text, Object value, boolean spaced, int length) {
        items.add(new Item(type, text, value, line, spaced));
        pos += length;
    }

    private static boolean isIdentChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private int identEnd(int from) {
        int end = from;
        while (end < in.length() && isIdentChar(in.charAt(end))) {
            end++;
        }
        return end;
    }

    private void number(boolean spaced) {
        int end = pos;
        if (in.charAt(end) == '+' || in.charAt(end) == '-') {
            end++;
        }
        while (end < in.length() && (Character.isLetterOrDigit(in.charAt(end)) || in.charAt(end) == '.' || in.charAt(end) == '_'
                || ((in.charAt(end) == '+' || in.charAt(end) == '-') && (in.charAt(end - 1) == 'e' || in.charAt(end - 1) == 'E')))) {
            end++;
        }
        String text = in.substring(pos, end);
        add(Type.NUMBER, text, parseNumber(text), spaced, end - pos);
    }

    private Object parseNumber(String text) {
        String t = text.replace("_", "");
        try {
            boolean neg = t.startsWith("-");
            String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
            String lower = body.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("0x")) {
                long v = Long.parseLong(body.substring(2), 16);
                return neg ? -v : v;
            }
            if (lower.contains(".") || lower.contains("e")) {
                return Double.parseDouble(t);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error("bad number syntax: \"" + text + "\"");
        }
    }

    private void quoted(boolean spaced) {
        int i = pos + 1;
        while (i < in.length() && in.charAt(i) != '"') {
            if (in.charAt(i) == '\\') {
                i++;
            }
            if (i < in.length() && in.charAt(i) == '\n') {
                throw error("unterminated quoted string");
            }
            i++;
        }
        if (i >= in.length()) {
            throw error("unterminated quoted string");
        }
        String raw = in.substring(pos + 1, i);
        add(Type.STRING, in.substring(pos, i + 1), unescape(raw), spaced, i + 1 - pos);
    }

    private String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'v' -> sb.append('\u000B');
                case '\\', '"', '\'' -> sb.append(e);
                case 'x', 'u', 'U' -> {
                    int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    if (i + 1 + len > s.length()) {
                        throw error("invalid syntax in quoted string");
                    }
                    try {
                        sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 1 + len), 16));
                    } catch (RuntimeException ex) {
                        throw error("invalid syntax in quoted string");
                    }
                    i += len;
                }
                default -> throw error("invalid syntax in quoted string");
            }
        }
        return sb.toString();
    }
}

package dev.pharos.query.promql.parse;

import dev.pharos.query.promql.storage.GoStrings;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Unquotes Go string literals: "..." and '...' with Go escapes, `...` raw. Byte escapes (\xff, \377) may produce
 * invalid UTF-8, kept as escaped bytes (see {@link GoStrings}).
 */
public final class StringUnquoter {

    private StringUnquoter() {}

    /**
     * @throws IllegalArgumentException for malformed literals or unknown escapes
     */
    public static String unquote(String literal) {
        if (literal.length() < 2) {
            throw new IllegalArgumentException("invalid string literal");
        }
        char q = literal.charAt(0);
        if (literal.charAt(literal.length() - 1) != q || (q != '"' && q != '\'' && q != '`')) {
            throw new IllegalArgumentException("invalid string literal");
        }
        String body = literal.substring(1, literal.length() - 1);
        if (q == '`') {
            if (body.indexOf('`') >= 0) {
                throw new IllegalArgumentException("invalid string literal");
            }
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
        int i = 0;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == q) {
                throw new IllegalArgumentException("invalid string literal");
            }
            if (c != '\\') {
                int j = i + 1;
                if (Character.isHighSurrogate(c) && j < body.length()) {
                    j++;
                }
                out.writeBytes(body.substring(i, j).getBytes(StandardCharsets.UTF_8));
                i = j;
                continue;
            }
            if (i + 1 >= body.length()) {
                throw new IllegalArgumentException("escape sequence not terminated");
            }
            char e = body.charAt(i + 1);
            i += 2;
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write('\b');
                case 'f' -> out.write('\f');
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(0x0B);
                case '\\' -> out.write('\\');
                case 'x' -> {
                    out.write(hex(body, i, 2));
                    i += 2;
                }
                case 'u' -> {
                    out.writeBytes(new String(Character.toChars(codePoint(hex(body, i, 4)))).getBytes(StandardCharsets.UTF_8));
                    i += 4;
                }
                case 'U' -> {
                    out.writeBytes(new String(Character.toChars(codePoint(hex(body, i, 8)))).getBytes(StandardCharsets.UTF_8));
                    i += 8;
                }
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    if (i + 2 > body.length()) {
                        throw new IllegalArgumentException("escape sequence not terminated");
                    }
                    int v = 0;
                    for (int k = i - 1; k < i + 2; k++) {
                        char d = body.charAt(k);
                        if (d < '0' || d > '7') {
                            throw new IllegalArgumentException("illegal character " + GoStrings.quote(String.valueOf(d))
                                    + " in escape sequence");
                        }
                        v = v * 8 + (d - '0');
                    }
                    if (v > 255) {
                        throw new IllegalArgumentException("escape sequence is an invalid Unicode code point");
                    }
                    out.write(v);
                    i += 2;
                }
                default -> {
                    if (e == q) {
                        out.write(e);
                    } else {
                        throw new IllegalArgumentException(String.format("unknown escape sequence U+%04X '%c'", (int) e, e));
                    }
                }
            }
        }
        byte[] bytes = out.toByteArray();
        return GoStrings.decodeUtf8(bytes, bytes.length);
    }

    private static int hex(String s, int at, int len) {
        if (at + len > s.length()) {
            throw new IllegalArgumentException("escape sequence not terminated");
        }
        int v = 0;
        for (int k = at; k < at + len; k++) {
            int d = Character.digit(s.charAt(k), 16);
            if (d < 0) {
                throw new IllegalArgumentException("illegal character " + GoStrings.quote(String.valueOf(s.charAt(k)))
                        + " in escape sequence");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private static int codePoint(int v) {
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            throw new IllegalArgumentException("escape sequence is an invalid Unicode code point");
        }
        return v;
    }
}

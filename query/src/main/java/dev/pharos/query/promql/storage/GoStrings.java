package dev.pharos.query.promql.storage;

import java.io.ByteArrayOutputStream;

/**
 * String helpers that follow Go's byte-string semantics, because PromQL strings are Go strings.
 *
 * <p>A Go string may hold bytes that are not valid UTF-8 (a query can write {@code "\xff"}). Java strings cannot, so
 * such a byte b is kept as the lone low surrogate {@code 0xDC00 + b} ("surrogate escape"). It is never valid as a label
 * name, hashes and quotes back to the original byte, and is invisible to ordinary text.
 */
public final class GoStrings {

    private GoStrings() {}

    /** The char that stands for an invalid UTF-8 byte. */
    public static char escapedByte(int b) {
        return (char) (0xDC00 + (b & 0xFF));
    }

    /** Decodes UTF-8 bytes; invalid bytes become escaped-byte chars. */
    public static String decodeUtf8(byte[] bytes, int len) {
        StringBuilder sb = new StringBuilder(len);
        int i = 0;
        while (i < len) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                sb.append((char) b);
                i++;
                continue;
            }
            int need;
            int cp;
            int min;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
                cp = b & 0x1F;
                min = 0x80;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                cp = b & 0x0F;
                min = 0x800;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                cp = b & 0x07;
                min = 0x10000;
            } else {
                sb.append(escapedByte(b));
                i++;
                continue;
            }
            boolean ok = true;
            if (ok) {
                for (int k = 1; k <= need; k++) {
                    if (i + k >= len) {
                        ok = false;
                        break;
                    }
                    int c = bytes[i + k] & 0xFF;
                    if ((c & 0xC0) != 0x80) {
                        ok = false;
                        break;
                    }
                    cp = (cp << 6) | (c & 0x3F);
                }
            }
            if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) {
                ok = false;
            }
            if (!ok) {
                sb.append(escapedByte(b));
                i++;
                continue;
            }
            sb.appendCodePoint(cp);
            i += need + 1;
        }
        return sb.toString();
    }

    /** UTF-8 bytes of the string, with escaped-byte chars turned back into their raw byte. */
    public static byte[] utf8(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
        appendUtf8(s, out);
        return out.toByteArray();
    }

    static void appendUtf8(String s, ByteArrayOutputStream out) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.write(c);
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else if (c >= 0xDC80 && c <= 0xDCFF) {
                out.write(c - 0xDC00);
            } else if (Character.isSurrogate(c)) {
                // A lone surrogate cannot be encoded; Go would hold U+FFFD.
                out.write(0xEF);
                out.write(0xBF);
                out.write(0xBD);
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
    }

    /** True when the string holds no escaped (invalid UTF-8) bytes. */
    public static boolean isValidUtf8(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Go's strconv.Quote: a double-quoted literal with Go escapes. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                if (isPrintable(cp)) {
                    sb.appendCodePoint(cp);
                } else {
                    sb.append(String.format("\\U%08x", cp));
                }
                continue;
            }
            if (c >= 0xDC80 && c <= 0xDCFF) {
                sb.append(String.format("\\x%02x", c - 0xDC00));
                continue;
            }
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\u0007' -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\u000B' -> sb.append("\\v");
                default -> {
                    if (isPrintable(c)) {
                        sb.append(c);
                    } else if (c < 0x80) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        if (cp < 0x20 || cp == 0x7F) {
            return false;
        }
        int type = Character.getType(cp);
        return switch (type) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Compares two strings by their UTF-8 bytes, which is how Go orders strings. */
    public static int compare(String a, String b) {
        // Most comparisons while sorting label sets are of equal names and values: equals() is a vectorized
        // intrinsic, the char loop below is not.
        if (a.equals(b)) {
            return 0;
        }
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (ca < 0xD800 && cb < 0xD800) {
                    return ca - cb;
                }
                return Long.compare(byteRank(a, i), byteRank(b, i));
            }
        }
        return a.length() - b.length();
    }

    // Orders a char position by the UTF-8 bytes it produces (enough since earlier chars are equal).
    private static long byteRank(String s, int i) {
        char c = s.charAt(i);
        if (c >= 0xDC80 && c <= 0xDCFF) {
            return ((long) (c - 0xDC00)) << 24;
        }
        int cp = s.codePointAt(i);
        byte[] enc = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long r = 0;
        for (int k = 0; k < 4; k++) {
            r = (r << 8) | (k < enc.length ? enc[k] & 0xFF : 0);
        }
        return r;
    }
}

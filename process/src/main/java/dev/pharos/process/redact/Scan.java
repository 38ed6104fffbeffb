package dev.pharos.process.redact;

/** Character tests and ASCII case-insensitive searches the detectors share; none allocates. */
final class Scan {

    private Scan() {
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** Letters and digits of any script: a secret glued to a word in any language is part of that word. */
    static boolean isAlnum(char c) {
        if (c < 128) {
            return isDigit(c) || isAsciiLetter(c);
        }
        return Character.isLetterOrDigit(c);
    }

    static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isBase64Url(char c) {
        return isDigit(c) || isAsciiLetter(c) || c == '-' || c == '_';
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** Whether {@code s} holds {@code lowerNeedle} (ASCII, lower case) at {@code at}, ignoring case. */
    static boolean regionIs(String s, int at, String lowerNeedle) {
        int m = lowerNeedle.length();
        if (at < 0 || at + m > s.length()) {
            return false;
        }
        for (int k = 0; k < m; k++) {
            if (lower(s.charAt(at + k)) != lowerNeedle.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    /** The next index at or after {@code from} where {@code lowerNeedle} occurs ignoring ASCII case, or -1. */
    static int indexOfIgnoreCase(String s, String lowerNeedle, int from) {
        char first = lowerNeedle.charAt(0);
        int last = s.length() - lowerNeedle.length();
        for (int i = Math.max(0, from); i <= last; i++) {
            if (lower(s.charAt(i)) == first && regionRest(s, i, lowerNeedle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionRest(String s, int at, String lowerNeedle) {
        for (int k = 1; k < lowerNeedle.length(); k++) {
            if (lower(s.charAt(at + k)) != lowerNeedle.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    static int skipDigits(String s, int i) {
        int n = s.length();
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipAlnum(String s, int i) {
        int n = s.length();
        while (i < n && isAlnum(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipBase64Url(String s, int i) {
        int n = s.length();
        while (i < n && isBase64Url(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int skipSpaces(String s, int i) {
        int n = s.length();
        while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }
}

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

    // Letters from rare to common in English and in logs: a search anchors on the needle's rarest one.
    private static final String RARITY = "zqxjkvbpygfwmucldrhsnioate";

    /** A word searched for ignoring ASCII case, with its rarest letter chosen once. */
    record Word(String lower, int anchor) {

        static Word of(String lowerLetters) {
            int best = 0;
            int bestRank = Integer.MAX_VALUE;
            for (int k = 0; k < lowerLetters.length(); k++) {
                int rank = RARITY.indexOf(lowerLetters.charAt(k));
                if (rank >= 0 && rank < bestRank) {
                    best = k;
                    bestRank = rank;
                }
            }
            return new Word(lowerLetters, best);
        }
    }

    /**
     * The next index at or after {@code from} where {@code word} occurs ignoring ASCII case, or -1.
     * It hops between occurrences of the word's rarest letter with the vectorised
     * {@link String#indexOf(int, int, int)} instead of comparing at every position, in windows that
     * double while nothing turns up: a letter missing in one case must not cost a scan to the end on
     * every call, or a loop over a long value would be quadratic.
     */
    static int indexOf(String s, Word word, int from) {
        String lower = word.lower();
        int anchor = word.anchor();
        char lo = lower.charAt(anchor);
        char up = (char) (lo - 32);
        int last = s.length() - lower.length() + anchor;
        int at = Math.max(0, from) + anchor;
        int window = 16;
        while (at <= last) {
            int to = (int) Math.min(last + 1L, (long) at + window);
            int a = s.indexOf(lo, at, to);
            int b = s.indexOf(up, at, to);
            int i = a < 0 ? b : b < 0 ? a : Math.min(a, b);
            if (i < 0) {
                at = to;
                window = Math.min(window * 2, 1 << 16);
                continue;
            }
            if (regionIs(s, i - anchor, lower)) {
                return i - anchor;
            }
            at = i + 1;
        }
        return -1;
    }

    /** Whether {@code s[from, to)} is one of {@code lowerWords}, ignoring ASCII case; allocates nothing. */
    static boolean isOneOf(String s, int from, int to, String[] lowerWords) {
        for (String w : lowerWords) {
            if (w.length() == to - from && regionIs(s, from, w)) {
                return true;
            }
        }
        return false;
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

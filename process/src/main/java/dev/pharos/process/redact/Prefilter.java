package dev.pharos.process.redact;

import dev.pharos.process.wire.Utf8Check;

/**
 * One pass over a value that rules detectors out before they run: most log lines hold no secret,
 * and running every detector over every value cost more than a third of ingest's CPU. Each rule is
 * a necessary condition of its detector, so skipping never loses a finding (the labelled corpus
 * test checks recall with this filter in place):
 *
 * <ul>
 *   <li>card numbers need at least 13 digits; IPv4 addresses 4 digits and a dot; IPv6 a colon;</li>
 *   <li>e-mail addresses an {@code @} (or {@code %40}); URL passwords an {@code @};</li>
 *   <li>JWTs {@code eyJ}; AWS access keys {@code AKIA} or {@code ASIA}; private keys {@code BEGIN};</li>
 *   <li>bearer tokens the word {@code bearer} or {@code authorization}; AWS secret keys the word
 *       {@code secret}; key-value secrets a key ending in one of {@link SecretKeyNames}'s words.
 *       Words are matched over letters only, ignoring case and punctuation, the way the detectors
 *       compare keys ({@code api_key} is {@code apikey}).</li>
 * </ul>
 *
 * <p>It reads UTF-8 bytes as well as strings (every trigger is ASCII), so a clean value in a request
 * is passed without ever being decoded.
 */
final class Prefilter {

    private static final long BEARER = word("bearer");
    private static final long AUTHORIZATION = word("rization");
    private static final long SECRET = word("secret");
    private static final long PASSWORD = word("password");
    private static final long PASSWD = word("passwd");
    private static final long PWD = word("pwd");
    private static final long PASSPHRASE = word("ssphrase");
    private static final long APIKEY = word("apikey");
    private static final long TOKEN = word("token");
    private static final long EYJ = word("eyJ");
    private static final long AKIA = word("AKIA");
    private static final long ASIA = word("ASIA");
    private static final long BEGIN = word("BEGIN");

    // Character classes: most bytes of a log line are letters, digits and spaces, handled in one lookup.
    private static final byte DIGIT = 1;
    private static final byte AT = 2;
    private static final byte PERCENT = 4;
    private static final byte DOT = 8;
    private static final byte COLON = 16;
    private static final byte LETTER = 32;
    /** A letter some trigger word ends with: r n t d e y (any case), J A N (capitals). */
    private static final byte END = 64;
    private static final byte[] CLASS = new byte[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] = DIGIT;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            CLASS[c] = LETTER;
            CLASS[c - 32] = LETTER;
        }
        for (char c : "rntdey".toCharArray()) {
            CLASS[c] |= END;
            CLASS[c - 32] |= END;
        }
        for (char c : "JAN".toCharArray()) {
            CLASS[c] |= END;
        }
        CLASS['@'] = AT;
        CLASS['%'] = PERCENT;
        CLASS['.'] = DOT;
        CLASS[':'] = COLON;
    }

    private static final int W_BEARER = 1 << 8;
    private static final int W_SECRET = 1 << 9;
    private static final int W_KEY = 1 << 10;
    private static final int W_JWT = 1 << 11;
    private static final int W_AWS_ID = 1 << 12;
    private static final int W_BEGIN = 1 << 13;

    /** What {@link #candidates(byte[], int, int)} returns for bytes that are not UTF-8: no mask of kinds is ever all ones. */
    static final int INVALID_UTF8 = -1;

    private Prefilter() {}

    /** Bit {@code 1 << kind.ordinal()} is set for every kind that may be in {@code s}. */
    static int candidates(String s) {
        int digits = 0;
        int seen = 0;
        long letters = 0;
        long raw = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            int k = c < 256 ? CLASS[c] : 0;
            if (k < LETTER) {
                digits += k & DIGIT;
                seen |= k;
                continue;
            }
            letters = letters << 8 | (c | 0x20);
            raw = raw << 8 | c;
            if ((k & END) != 0) {
                seen |= word(c, letters, raw);
            }
        }
        return mask(digits, seen);
    }

    /**
     * The same for UTF-8 bytes, which it also validates in the same pass ({@link #INVALID_UTF8} when
     * they are not UTF-8), so a clean value needs no second pass. Multi-byte characters never
     * trigger anything.
     */
    static int candidates(byte[] utf8, int from, int to) {
        int digits = 0;
        int seen = 0;
        long letters = 0;
        long raw = 0;
        for (int i = from; i < to; i++) {
            int c = utf8[i] & 0xFF;
            int k = CLASS[c];
            if (k < LETTER) {
                if (c >= 0x80) {
                    int len = Utf8Check.sequenceLength(utf8, i, to);
                    if (len < 0) {
                        return INVALID_UTF8;
                    }
                    i += len - 1;
                    continue;
                }
                digits += k & DIGIT;
                seen |= k;
                continue;
            }
            letters = letters << 8 | (c | 0x20);
            raw = raw << 8 | c;
            if ((k & END) != 0) {
                seen |= word(c, letters, raw);
            }
        }
        return mask(digits, seen);
    }

    /**
     * The trigger words ending at letter {@code c}. Both windows hold letters only (the last eight,
     * newest in the low byte), lower-cased and as written: a superset of the detectors' own matching.
     */
    private static int word(int c, long letters, long raw) {
        return switch (c) {
            case 'r', 'R' -> ends(letters, BEARER, 6) ? W_BEARER : 0;
            case 'n', 'N' -> (ends(letters, AUTHORIZATION, 8) ? W_BEARER : 0) | (ends(letters, TOKEN, 5) ? W_KEY : 0)
                    | (c == 'N' && ends(raw, BEGIN, 5) ? W_BEGIN : 0);
            case 't', 'T' -> ends(letters, SECRET, 6) ? W_SECRET | W_KEY : 0;
            case 'd', 'D' -> ends(letters, PASSWORD, 8) || ends(letters, PASSWD, 6) || ends(letters, PWD, 3) ? W_KEY : 0;
            case 'e', 'E' -> ends(letters, PASSPHRASE, 8) ? W_KEY : 0;
            case 'y', 'Y' -> ends(letters, APIKEY, 6) ? W_KEY : 0;
            case 'J' -> ends(raw, EYJ, 3) ? W_JWT : 0;
            case 'A' -> ends(raw, AKIA, 4) || ends(raw, ASIA, 4) ? W_AWS_ID : 0;
            default -> 0;
        };
    }

    private static int mask(int digits, int seen) {
        int mask = 0;
        mask |= digits >= 13 ? bit(SecretKind.CREDIT_CARD) : 0;
        mask |= digits >= 4 && (seen & DOT) != 0 ? bit(SecretKind.IPV4) : 0;
        mask |= (seen & COLON) != 0 ? bit(SecretKind.IPV6) : 0;
        mask |= (seen & (AT | PERCENT)) != 0 ? bit(SecretKind.EMAIL) : 0;
        mask |= (seen & AT) != 0 ? bit(SecretKind.URL_PASSWORD) : 0;
        mask |= (seen & W_JWT) != 0 ? bit(SecretKind.JWT) : 0;
        mask |= (seen & W_AWS_ID) != 0 ? bit(SecretKind.AWS_ACCESS_KEY) : 0;
        mask |= (seen & W_BEGIN) != 0 ? bit(SecretKind.PRIVATE_KEY) : 0;
        mask |= (seen & W_BEARER) != 0 ? bit(SecretKind.BEARER_TOKEN) : 0;
        mask |= (seen & W_SECRET) != 0 ? bit(SecretKind.AWS_SECRET_KEY) : 0;
        mask |= (seen & W_KEY) != 0 ? bit(SecretKind.KEY_VALUE_SECRET) : 0;
        return mask;
    }

    static int bit(SecretKind kind) {
        return 1 << kind.ordinal();
    }

    private static boolean ends(long window, long word, int length) {
        long m = length == 8 ? -1L : (1L << (8 * length)) - 1;
        return (window & m) == word;
    }

    private static long word(String w) {
        long v = 0;
        for (int i = 0; i < w.length(); i++) {
            v = v << 8 | w.charAt(i);
        }
        return v;
    }
}

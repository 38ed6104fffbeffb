package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.lower;

/**
 * Which key names announce a secret. A name is compared by its last words, case and separators
 * ignored, so {@code password}, {@code DB_PASSWORD}, {@code spring.datasource.password},
 * {@code userPassword} and {@code user[password]} all end in "password", while
 * {@code password_reset_required}, {@code max_tokens} and {@code token_type} do not.
 */
final class SecretKeyNames {

    /** Endings that make a key in free text ({@code key=value}, {@code "key": "value"}) a secret's. */
    private static final String[] TEXT_SUFFIXES = {"password", "passwd", "pwd", "passphrase", "secret", "secretkey", "apikey",
            "token"};

    /** Attribute keys name their contents deliberately, so a wider set applies to them. */
    private static final String[] ATTRIBUTE_SUFFIXES = {"password", "passwd", "pwd", "passphrase", "secret", "secretkey", "apikey",
            "token", "authorization", "cookie", "credential", "credentials", "privatekey"};

    /** Keys ending like a secret's that hold something else: paging cursors, .NET's public key hash. */
    private static final String[] NOT_SECRET = {"pagetoken", "nexttoken", "continuationtoken", "paginationtoken", "synctoken",
            "resumetoken", "cancellationtoken", "publickeytoken"};

    private SecretKeyNames() {
    }

    static boolean isSecretKeyInText(String s, int from, int to) {
        return matches(s, from, to, TEXT_SUFFIXES);
    }

    static boolean isSecretAttributeKey(String key) {
        return matches(key, 0, key.length(), ATTRIBUTE_SUFFIXES);
    }

    /** Whether the key is exactly {@code pwd} or {@code oldpwd} in any case: the shell's working directory. */
    static boolean isWorkingDirectory(String s, int from, int to) {
        int len = normalizedLength(s, from, to);
        return (len == 3 || len == 6) && (endsWith(s, from, to, "pwd") && (len == 3 || endsWith(s, from, to, "oldpwd")));
    }

    private static boolean matches(String s, int from, int to, String[] suffixes) {
        to = stripClosingBracket(s, from, to);
        // Nearly every key ends otherwise: reject on the last letter before comparing words.
        int last = to - 1;
        while (last >= from && !isAlnum(s.charAt(last))) {
            last--;
        }
        if (last < from || "detynls".indexOf(lower(s.charAt(last))) < 0) {
            return false;
        }
        for (String suffix : suffixes) {
            if (endsWith(s, from, to, suffix)) {
                for (String not : NOT_SECRET) {
                    if (endsWith(s, from, to, not)) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** {@code user[password]} and its URL-encoded {@code user%5Bpassword%5D} name the inner key. */
    private static int stripClosingBracket(String s, int from, int to) {
        if (to > from && s.charAt(to - 1) == ']') {
            return to - 1;
        }
        if (to - from >= 3 && s.charAt(to - 3) == '%' && s.charAt(to - 2) == '5' && lower(s.charAt(to - 1)) == 'd') {
            return to - 3;
        }
        return to;
    }

    /** Compares the alphanumerics of {@code s[from, to)} from the right with {@code lowerWord}. */
    private static boolean endsWith(String s, int from, int to, String lowerWord) {
        int j = to - 1;
        for (int k = lowerWord.length() - 1; k >= 0; k--) {
            while (j >= from && !isAlnum(s.charAt(j))) {
                j--;
            }
            if (j < from || lower(s.charAt(j)) != lowerWord.charAt(k)) {
                return false;
            }
            j--;
        }
        return true;
    }

    private static int normalizedLength(String s, int from, int to) {
        int len = 0;
        for (int k = from; k < to; k++) {
            if (isAlnum(s.charAt(k))) {
                len++;
            }
        }
        return len;
    }
}

package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.isAsciiLetter;
import static dev.pharos.process.redact.Scan.isDigit;
import static dev.pharos.process.redact.Scan.isLower;
import static dev.pharos.process.redact.Scan.isUpper;

/**
 * HTTP credentials: the token after {@code Bearer} wherever it appears ({@code Authorization: Bearer x},
 * {@code "authorization":"bearer x"}, {@code curl -H 'Authorization: Bearer x'}, {@code Bearer%20x}),
 * and the value of an {@code Authorization} header with another credential scheme ({@code Basic},
 * {@code Token}, {@code Negotiate}, {@code NTLM}) or none. Only the credential is masked, so the
 * scheme stays readable.
 *
 * <p>A token must look like one: at least 8 characters with a digit or both cases. That keeps prose
 * ("bearer authentication failed", {@code WWW-Authenticate: Bearer realm="api"}) and placeholders
 * ({@code Bearer <token>}, {@code Bearer ${TOKEN}}) intact.
 */
final class BearerTokenDetector implements Detector {

    private static final String[] SCHEMES = {"basic", "token", "negotiate", "ntlm"};
    private static final Scan.Word BEARER = Scan.Word.of("bearer");
    private static final Scan.Word AUTHORIZATION = Scan.Word.of("authorization");

    @Override
    public SecretKind kind() {
        return SecretKind.BEARER_TOKEN;
    }

    @Override
    public void find(String s, Spans out) {
        int i = 0;
        while ((i = Scan.indexOf(s, BEARER, i)) >= 0) {
            int after = i + 6;
            if (i > 0 && isAlnum(s.charAt(i - 1))) {
                i = after;
                continue;
            }
            int t = afterSchemeSeparator(s, after);
            int e = t < 0 ? -1 : tokenEnd(s, t);
            if (e > 0 && looksLikeToken(s, t, e)) {
                out.add(t, e, SecretKind.BEARER_TOKEN);
                i = e;
            } else {
                i = after;
            }
        }
        i = 0;
        while ((i = Scan.indexOf(s, AUTHORIZATION, i)) >= 0) {
            int after = i + 13;
            if (i > 0 && isAlnum(s.charAt(i - 1))) {
                i = after;
                continue;
            }
            int v = headerValueStart(s, after);
            if (v < 0) {
                i = after;
                continue;
            }
            int end = credentialOf(s, v, out);
            i = Math.max(after, end);
        }
    }

    /** Masks the credential of an Authorization value starting at {@code v}; returns where scanning may go on. */
    private static int credentialOf(String s, int v, Spans out) {
        if (Scan.regionIs(s, v, "bearer")) {
            return v; // the bearer scan already took it
        }
        for (String scheme : SCHEMES) {
            int t = v + scheme.length();
            if (Scan.regionIs(s, v, scheme) && t < s.length() && s.charAt(t) == ' ') {
                t = Scan.skipSpaces(s, t);
                int e = tokenEnd(s, t);
                // Basic credentials are short base64 ("dXNlcjpwYXNz"); any token-like run counts.
                if (e - t >= 4 && (scheme.equals("basic") || looksLikeToken(s, t, e))) {
                    out.add(t, e, SecretKind.BEARER_TOKEN);
                }
                return Math.max(e, t);
            }
        }
        int e = tokenEnd(s, v);
        boolean single = e == s.length() || s.charAt(e) != ' ' || !isAsciiLetter(peek(s, e + 1));
        if (single && looksLikeToken(s, v, e)) {
            out.add(v, e, SecretKind.BEARER_TOKEN);
        }
        return e;
    }

    private static char peek(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    /** After {@code Bearer}: one or a few spaces, or the URL-encoded {@code %20} / form-encoded {@code +}. */
    private static int afterSchemeSeparator(String s, int at) {
        int n = s.length();
        if (at >= n) {
            return -1;
        }
        char c = s.charAt(at);
        if (c == ' ' || c == '\t') {
            int t = Scan.skipSpaces(s, at);
            return t - at <= 3 ? t : -1;
        }
        if (c == '+') {
            return at + 1;
        }
        if (c == '%' && at + 2 < n && s.charAt(at + 1) == '2' && s.charAt(at + 2) == '0') {
            return at + 3;
        }
        return -1;
    }

    /** After the header name: {@code : }, {@code =}, {@code ": "} or {@code '=>'} style separators, then an optional quote. */
    private static int headerValueStart(String s, int at) {
        int n = s.length();
        int k = at;
        if (k < n && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
            k++;
        } else if (k + 1 < n && s.charAt(k) == '\\' && s.charAt(k + 1) == '"') {
            k += 2;
        }
        k = Scan.skipSpaces(s, k);
        if (k >= n || (s.charAt(k) != ':' && s.charAt(k) != '=')) {
            return -1;
        }
        k++;
        if (k < n && s.charAt(k) == '>') {
            k++;
        }
        k = Scan.skipSpaces(s, k);
        if (k < n && (s.charAt(k) == '"' || s.charAt(k) == '\'')) {
            k++;
        } else if (k + 1 < n && s.charAt(k) == '\\' && s.charAt(k + 1) == '"') {
            k += 2;
        }
        return k < n ? k : -1;
    }

    /** RFC 6750 b64token characters, plus {@code %} for URL-encoded tokens. */
    static boolean isTokenChar(char c) {
        return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=' || c == '%';
    }

    static int tokenEnd(String s, int t) {
        int n = s.length();
        int e = t;
        while (e < n && isTokenChar(s.charAt(e))) {
            e++;
        }
        // A sentence may end right after a token; a token does not end in a dot.
        while (e > t && s.charAt(e - 1) == '.') {
            e--;
        }
        return e;
    }

    static boolean looksLikeToken(String s, int t, int e) {
        if (e - t < 8) {
            return false;
        }
        boolean digit = false;
        boolean upper = false;
        boolean lower = false;
        for (int k = t; k < e; k++) {
            char c = s.charAt(k);
            digit |= isDigit(c);
            upper |= isUpper(c) && k > t;
            lower |= isLower(c);
        }
        return digit || (upper && lower);
    }
}

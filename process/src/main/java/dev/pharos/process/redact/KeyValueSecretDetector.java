package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.isDigit;
import static dev.pharos.process.redact.Scan.isLower;
import static dev.pharos.process.redact.Scan.isUpper;


/**
 * The value of a pair whose key names a secret (see {@link SecretKeyNames}): {@code password=x},
 * {@code DB_PASSWORD = x}, {@code "client_secret": "x"}, {@code \"token\":\"x\"} inside an escaped
 * JSON string, {@code 'api_key': 'x'}, {@code "password"=>"x"}, {@code Password:x} (Go's %+v),
 * {@code X-Api-Key: x}, {@code <password>x</password>}, query strings and URL-encoded form keys
 * ({@code user%5Bpassword%5D=x}), command-line options ({@code --password x}). Only the value is masked.
 *
 * <p>Values that hold no secret are left alone: empty values, {@code null}/{@code true}/..., masks
 * ({@code ****}, {@code [FILTERED]}, {@code <redacted>}), placeholders ({@code ${DB_PASSWORD}},
 * {@code $DB_PASSWORD}, {@code ?}, {@code $1}, {@code :password}, {@code @pwd}, {@code %s}), file paths and secret-store
 * references ({@code /run/secrets/db}, {@code arn:aws:secretsmanager:...}), {@code PWD=/srv/app}
 * (the shell's working directory) and {@code secret="kube-system/bootstrap-token"} (a Kubernetes
 * object reference, as controllers log them).
 *
 * <p>The colon is also punctuation. After an unquoted key ("invalid token: signature expired",
 * "password: too short") a value only counts when it looks like a credential (it has a digit, a
 * symbol or mixed case) or stands alone as the pair's whole value ({@code password: letmein} at the
 * end of the line or before the next {@code key=}) and is not a status word ("token: expired").
 */
final class KeyValueSecretDetector implements Detector {

    private static final int MAX_KEY = 64;
    private static final int MIN_VALUE = 3;

    private static final String[] NOT_VALUES = {"null", "nil", "none", "true", "false", "undefined", "redacted", "filtered",
            "hidden", "masked", "removed", "omitted", "nan"};
    private static final String[] STATUS_WORDS = {"expired", "invalid", "missing", "required", "empty", "unknown", "set",
            "unset", "present", "absent", "provided", "valid", "revoked", "denied", "rejected", "accepted", "mismatch", "incorrect",
            "wrong", "changed", "unchanged", "updated", "reset", "needed", "supplied", "error", "failed", "yes", "enabled", "disabled",
            "found", "default", "weak", "strong", "sent", "refreshed", "issued", "created", "deleted", "generated", "rotated",
            "verified", "ignored", "malformed", "ok"};
    private static final String[] PATH_PREFIXES = {"/etc/", "/var/", "/run/", "/home/", "/tmp/", "/opt/", "/srv/", "/usr/", "/proc/",
            "/dev/", "/mnt/", "/secrets/", "./", "../", "~/", "file:", "arn:", "vault:", "env:"};

    @Override
    public SecretKind kind() {
        return SecretKind.KEY_VALUE_SECRET;
    }

    @Override
    public void find(String s, Spans out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '=' || c == ':') {
                i = pair(s, i, out);
            } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                i = flag(s, i, out);
            } else if (c == '>') {
                i = element(s, i, out);
            } else {
                i++;
            }
        }
    }

    /** Looks at the pair around the separator at {@code sep}; returns where scanning goes on. */
    private static int pair(String s, int sep, Spans out) {
        int n = s.length();
        char c = s.charAt(sep);
        char next = sep + 1 < n ? s.charAt(sep + 1) : 0;
        int valueFrom = sep + 1;
        boolean colon = c == ':';
        if (c == '=') {
            if (next == '=') {
                return sep + 2;
            }
            if (sep > 0 && "!<>=:".indexOf(s.charAt(sep - 1)) >= 0) {
                return sep + 1;
            }
            if (next == '>') {
                valueFrom++;
            }
        } else {
            if (next == ':' || (next == '/' && sep + 2 < n && s.charAt(sep + 2) == '/')) {
                return sep + 2;
            }
            if (next == '=') {
                valueFrom++;
                colon = false;
            }
        }
        int ke = sep;
        while (ke > 0 && (s.charAt(ke - 1) == ' ' || s.charAt(ke - 1) == '\t')) {
            ke--;
        }
        boolean keyQuoted = false;
        if (ke > 0 && (s.charAt(ke - 1) == '"' || s.charAt(ke - 1) == '\'')) {
            keyQuoted = true;
            ke--;
            if (ke > 0 && s.charAt(ke - 1) == '\\') {
                ke--;
            }
        }
        int ks = ke;
        while (ks > 0 && ke - ks < MAX_KEY && isKeyChar(s.charAt(ks - 1))) {
            ks--;
        }
        if (ks == ke || !SecretKeyNames.isSecretKeyInText(s, ks, ke)) {
            return valueFrom;
        }
        int v = Scan.skipSpaces(s, valueFrom);
        if (v >= n) {
            return n;
        }
        char q = s.charAt(v);
        int vs;
        int ve;
        boolean quoted = true;
        if (q == '"' || q == '\'') {
            vs = v + 1;
            ve = closingQuote(s, vs, q);
        } else if (q == '\\' && v + 1 < n && s.charAt(v + 1) == '"') {
            vs = v + 2;
            ve = s.indexOf("\\\"", vs);
            ve = ve < 0 ? n : ve;
        } else {
            vs = v;
            ve = unquotedEnd(s, v);
            quoted = false;
        }
        // A value that is not a secret is skipped whole, so nothing inside it ("arn:...:secret:db") reads as a key;
        // but an unterminated quote says nothing about where the value ends.
        int skip = quoted && ve == n ? vs : ve;
        if (!isSecretValue(s, ks, ke, vs, ve)) {
            return Math.max(skip, valueFrom);
        }
        if (colon && !keyQuoted && !quoted && !credentialAfterColon(s, vs, ve)) {
            return Math.max(skip, valueFrom);
        }
        out.add(vs, ve, SecretKind.KEY_VALUE_SECRET);
        return Math.max(ve, valueFrom);
    }

    /** {@code --password x}: a command-line option whose value follows after a space; {@code dashes} is at "--". */
    private static int flag(String s, int dashes, Spans out) {
        int n = s.length();
        if (dashes > 0 && !Character.isWhitespace(s.charAt(dashes - 1)) && s.charAt(dashes - 1) != '"' && s.charAt(dashes - 1) != '\'') {
            return dashes + 2;
        }
        int ks = dashes + 2;
        int ke = ks;
        while (ke < n && ke - ks < MAX_KEY && (isAlnum(s.charAt(ke)) || s.charAt(ke) == '-' || s.charAt(ke) == '_')) {
            ke++;
        }
        if (ke == ks || ke + 1 >= n || s.charAt(ke) != ' ' || !SecretKeyNames.isSecretKeyInText(s, ks, ke)) {
            return ke;
        }
        int v = ke + 1;
        char q = s.charAt(v);
        if (q == '-' || Character.isWhitespace(q)) {
            return v;
        }
        int vs = v;
        int ve;
        if (q == '"' || q == '\'') {
            vs = v + 1;
            ve = closingQuote(s, vs, q);
        } else {
            ve = unquotedEnd(s, v);
        }
        if (!isSecretValue(s, ks, ke, vs, ve)) {
            return ve;
        }
        out.add(vs, ve, SecretKind.KEY_VALUE_SECRET);
        return ve;
    }

    /** {@code <password>x</password>} and {@code <ns:Password>x</ns:Password>}: {@code gt} is the tag's closing bracket. */
    private static int element(String s, int gt, Spans out) {
        int ks = gt;
        while (ks > 0 && gt - ks < MAX_KEY && (isAlnum(s.charAt(ks - 1)) || s.charAt(ks - 1) == '_' || s.charAt(ks - 1) == '-')) {
            ks--;
        }
        int open = ks;
        if (open > 0 && s.charAt(open - 1) == ':') {
            open--;
            while (open > 0 && gt - open < MAX_KEY && isAlnum(s.charAt(open - 1))) {
                open--;
            }
        }
        if (ks == gt || open == 0 || s.charAt(open - 1) != '<' || !SecretKeyNames.isSecretKeyInText(s, ks, gt)) {
            return gt + 1;
        }
        int ve = s.indexOf('<', gt + 1);
        if (ve < 0 || !s.startsWith("</", ve) || !isSecretValue(s, ks, gt, gt + 1, ve)) {
            return gt + 1;
        }
        out.add(gt + 1, ve, SecretKind.KEY_VALUE_SECRET);
        return ve;
    }

    private static boolean isKeyChar(char c) {
        return isAlnum(c) || c == '_' || c == '-' || c == '.' || c == '[' || c == ']' || c == '%';
    }

    private static int closingQuote(String s, int from, char q) {
        int n = s.length();
        for (int k = from; k < n; k++) {
            char c = s.charAt(k);
            if (c == '\\') {
                k++;
            } else if (c == q) {
                return k;
            }
        }
        return n;
    }

    private static int unquotedEnd(String s, int from) {
        int n = s.length();
        int k = from;
        while (k < n) {
            char c = s.charAt(k);
            if (c == '&' && !startsNextParameter(s, k + 1)) {
                k++;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '&' || c == '"' || c == '\'' || c == ',' || c == ';' || c == ')'
                    || c == ']' || c == '}' || c == '<' || c == '>' || c == '|' || c == '`') {
                break;
            }
            if (c == '\\' && k + 1 < n && "\"nrt".indexOf(s.charAt(k + 1)) >= 0) {
                break;
            }
            k++;
        }
        return k;
    }

    /** After an {@code &}: another {@code key=} (a query string goes on), or nothing; otherwise the {@code &} is the password's. */
    private static boolean startsNextParameter(String s, int k) {
        int n = s.length();
        if (k >= n || s.charAt(k) == ' ' || s.charAt(k) == '\t' || Scan.regionIs(s, k, "amp;")) {
            return true;
        }
        int w = k;
        while (w < n && w - k < MAX_KEY && isKeyChar(s.charAt(w))) {
            w++;
        }
        return w > k && w < n && s.charAt(w) == '=';
    }

    private static boolean isSecretValue(String s, int ks, int ke, int vs, int ve) {
        if (ve - vs < MIN_VALUE || isPlaceholder(s, vs, ve) || startsWithAny(s, vs, ve, PATH_PREFIXES)) {
            return false;
        }
        if (SecretKeyNames.isWorkingDirectory(s, ks, ke) && (s.charAt(vs) == '/' || s.charAt(vs) == '~')) {
            return false;
        }
        return !(isExactly(s, ks, ke, "secret") && isObjectReference(s, vs, ve));
    }

    /** Masks, template placeholders and query parameters: a value that stands for a secret without being one. */
    static boolean isPlaceholder(String s, int vs, int ve) {
        char first = s.charAt(vs);
        char second = ve - vs > 1 ? s.charAt(vs + 1) : 0;
        char last = s.charAt(ve - 1);
        if (first == '[' || (first == '<' && last == '>') || (first == '{' && second == '{') || (first == '#' && second == '{')) {
            return true;
        }
        if ((first == '$' && (second == '{' || isDigit(second) || second == '(')) || (first == '%' && (second == 's' || second == '('))) {
            return true;
        }
        if ((first == ':' || first == '@') && Scan.isAsciiLetter(second) || first == '?' || (first == '$' && isShellVariable(s, vs + 1, ve))) {
            return true;
        }
        if (allSame(s, vs, ve, '*') || allSame(s, vs, ve, 'x') || allSame(s, vs, ve, 'X') || allSame(s, vs, ve, '•')) {
            return true;
        }
        return Scan.isOneOf(s, vs, ve, NOT_VALUES);
    }

    /** {@code $DB_PASSWORD}: an unexpanded environment variable, upper case by convention (a password "$ecret" is not). */
    private static boolean isShellVariable(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!isUpper(c) && c != '_' && !(isDigit(c) && k > from)) {
                return false;
            }
        }
        return true;
    }

    private static boolean credentialAfterColon(String s, int vs, int ve) {
        if (s.charAt(ve - 1) == ':') {
            return false;
        }
        boolean digit = false;
        boolean symbol = false;
        boolean upperInside = false;
        boolean lowerSeen = false;
        for (int k = vs; k < ve; k++) {
            char c = s.charAt(k);
            digit |= isDigit(c);
            symbol |= !isAlnum(c) && c != '.';
            upperInside |= isUpper(c) && k > vs;
            lowerSeen |= isLower(c);
        }
        if (digit || symbol || (upperInside && lowerSeen)) {
            return true;
        }
        return ve - vs >= 4 && standsAlone(s, ve) && !Scan.isOneOf(s, vs, ve, STATUS_WORDS);
    }

    /** Whether nothing but the end, a delimiter or the next {@code key=} follows the value: not a sentence going on. */
    private static boolean standsAlone(String s, int ve) {
        int n = s.length();
        if (ve == n) {
            return true;
        }
        char c = s.charAt(ve);
        if (",;})]|&\"'".indexOf(c) >= 0 || c == '\n' || c == '\r') {
            return true;
        }
        int k = Scan.skipSpaces(s, ve);
        if (k == n || ",;})]|".indexOf(s.charAt(k)) >= 0) {
            return true;
        }
        int w = k;
        while (w < n && w - k < MAX_KEY && isKeyChar(s.charAt(w))) {
            w++;
        }
        return w > k && w < n && (s.charAt(w) == '=' || s.charAt(w) == ':');
    }

    private static boolean allSame(String s, int vs, int ve, char c) {
        for (int k = vs; k < ve; k++) {
            if (s.charAt(k) != c) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithAny(String s, int vs, int ve, String[] prefixes) {
        for (String p : prefixes) {
            if (ve - vs >= p.length() && Scan.regionIs(s, vs, p)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isExactly(String s, int ks, int ke, String lowerWord) {
        return ke - ks == lowerWord.length() && Scan.regionIs(s, ks, lowerWord);
    }

    /** {@code namespace/name} in Kubernetes' lower-case DNS alphabet. */
    private static boolean isObjectReference(String s, int vs, int ve) {
        int slash = -1;
        for (int k = vs; k < ve; k++) {
            char c = s.charAt(k);
            if (c == '/') {
                if (slash >= 0) {
                    return false;
                }
                slash = k;
            } else if (!isLower(c) && !isDigit(c) && c != '-' && c != '.') {
                return false;
            }
        }
        return slash > vs && slash < ve - 1;
    }
}

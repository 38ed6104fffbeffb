package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAsciiLetter;
import static dev.pharos.process.redact.Scan.isDigit;

/**
 * PEM private keys, from {@code -----BEGIN <label> PRIVATE KEY-----} (RSA, EC, DSA, OPENSSH,
 * ENCRYPTED, PGP ... BLOCK) to the matching END line, whether the newlines are real or escaped as
 * {@code \n} inside a JSON string. Public keys and certificates are public and stay.
 *
 * <p>A block whose END never comes (a log line cut at its size limit) is still a key: the span then
 * runs to the end of the base64 body, and if a value holds several such heads the first one takes
 * the rest of the body, which keeps the scan linear.
 */
final class PrivateKeyBlockDetector implements Detector {

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";
    private static final int MAX_LABEL = 40;

    @Override
    public SecretKind kind() {
        return SecretKind.PRIVATE_KEY;
    }

    @Override
    public void find(String s, Spans out) {
        int i = 0;
        // Once no END follows some point, none follows any later one: search for it once, not per head.
        boolean endAhead = true;
        while ((i = s.indexOf(BEGIN, i)) >= 0) {
            int labelStart = i + BEGIN.length();
            int labelEnd = s.indexOf(DASHES, labelStart);
            if (labelEnd < 0) {
                return;
            }
            if (labelEnd - labelStart > MAX_LABEL || !isPrivateLabel(s, labelStart, labelEnd)) {
                i = labelStart;
                continue;
            }
            int bodyStart = labelEnd + DASHES.length();
            int endMarker = endAhead ? s.indexOf(END, bodyStart) : -1;
            endAhead = endMarker >= 0;
            if (endMarker >= 0) {
                int close = s.indexOf(DASHES, endMarker + END.length());
                int end = close < 0 || close - endMarker > END.length() + MAX_LABEL ? endMarker + END.length() : close + DASHES.length();
                out.add(i, end, SecretKind.PRIVATE_KEY);
                i = end;
                continue;
            }
            int bodyEnd = bodyEnd(s, bodyStart);
            if (bodyEnd - bodyStart >= 16) {
                out.add(i, bodyEnd, SecretKind.PRIVATE_KEY);
                return;
            }
            i = bodyStart;
        }
    }

    private static boolean isPrivateLabel(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!Scan.isUpper(c) && !isDigit(c) && c != ' ') {
                return false;
            }
        }
        for (int p = from; p + 11 <= to; p++) {
            if (s.startsWith("PRIVATE KEY", p)) {
                return true;
            }
        }
        return false;
    }

    /** The end of a truncated body: base64, whitespace, escaped newlines and PEM header lines. */
    private static int bodyEnd(String s, int k) {
        int n = s.length();
        while (k < n) {
            char c = s.charAt(k);
            if (isDigit(c) || isAsciiLetter(c) || c == '+' || c == '/' || c == '=' || c == '\n' || c == '\r' || c == ' ' || c == '\t'
                    || c == ':' || c == ',' || c == '-') {
                k++;
            } else if (c == '\\' && k + 1 < n && (s.charAt(k + 1) == 'n' || s.charAt(k + 1) == 'r')) {
                k += 2;
            } else {
                break;
            }
        }
        while (k > 0 && (s.charAt(k - 1) == ' ' || s.charAt(k - 1) == '\n')) {
            k--;
        }
        return k;
    }
}

package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAsciiLetter;
import static dev.pharos.process.redact.Scan.isDigit;

/**
 * AWS secret access keys: 40 base64 characters, recognised only as the value of a key that says so
 * ({@code aws_secret_access_key=}, {@code AWS_SECRET_ACCESS_KEY=}, {@code "SecretAccessKey": },
 * {@code secretAccessKey: '...'}, {@code --aws-secret-access-key ...}). Without that context 40
 * base64 characters are as likely a hash or an id; guessing there would cost more precision than
 * the context-free cases would add recall.
 */
final class AwsSecretKeyDetector implements Detector {

    private static final int LENGTH = 40;
    private static final Scan.Word SECRET = Scan.Word.of("secret");

    @Override
    public SecretKind kind() {
        return SecretKind.AWS_SECRET_KEY;
    }

    @Override
    public void find(String s, Spans out) {
        int i = 0;
        while ((i = Scan.indexOf(s, SECRET, i)) >= 0) {
            int k = keyEnd(s, i + 6);
            if (k < 0) {
                i += 6;
                continue;
            }
            int v = valueStart(s, k);
            if (v >= 0 && v + LENGTH <= s.length() && isKeyMaterial(s, v, v + LENGTH)
                    && (v + LENGTH == s.length() || !isBase64(s.charAt(v + LENGTH)))) {
                out.add(v, v + LENGTH, SecretKind.AWS_SECRET_KEY);
                i = v + LENGTH;
            } else {
                i = k;
            }
        }
    }

    /** After "secret": {@code [_-]?(access[_-]?)?key}, ignoring case; the index after "key" or -1. */
    private static int keyEnd(String s, int k) {
        k = skipJoiner(s, k);
        if (Scan.regionIs(s, k, "access")) {
            k = skipJoiner(s, k + 6);
        }
        return Scan.regionIs(s, k, "key") ? k + 3 : -1;
    }

    private static int skipJoiner(String s, int k) {
        return k < s.length() && (s.charAt(k) == '_' || s.charAt(k) == '-' || s.charAt(k) == '.') ? k + 1 : k;
    }

    /** Quotes, spaces and one {@code =} or {@code :} (or just spaces, for a command-line flag) before the value. */
    private static int valueStart(String s, int k) {
        int n = s.length();
        int limit = Math.min(n, k + 8);
        int v = k;
        while (v < limit) {
            char c = s.charAt(v);
            if (c == '"' || c == '\'' || c == ' ' || c == '\t' || c == '=' || c == ':' || c == '>' || c == '\\') {
                v++;
            } else {
                break;
            }
        }
        return v > k ? v : -1;
    }

    private static boolean isBase64(char c) {
        return isDigit(c) || isAsciiLetter(c) || c == '+' || c == '/' || c == '=';
    }

    private static boolean isKeyMaterial(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!isDigit(c) && !isAsciiLetter(c) && c != '+' && c != '/') {
                return false;
            }
        }
        return true;
    }
}

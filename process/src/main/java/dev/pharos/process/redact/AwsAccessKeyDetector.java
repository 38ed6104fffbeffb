package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.isDigit;
import static dev.pharos.process.redact.Scan.isUpper;

/**
 * AWS access key ids: {@code AKIA} (long-term) or {@code ASIA} (temporary) and 16 upper-case letters
 * or digits, standing alone. Role and user ids ({@code AROA}, {@code AIDA}) identify, not authenticate,
 * and are left alone.
 */
final class AwsAccessKeyDetector implements Detector {

    private static final int LENGTH = 20;

    @Override
    public SecretKind kind() {
        return SecretKind.AWS_ACCESS_KEY;
    }

    @Override
    public void find(String s, Spans out) {
        scan(s, "AKIA", out);
        scan(s, "ASIA", out);
    }

    private static void scan(String s, String prefix, Spans out) {
        int n = s.length();
        int i = 0;
        while ((i = s.indexOf(prefix, i)) >= 0) {
            int end = i + LENGTH;
            if (end <= n && (i == 0 || !isAlnum(s.charAt(i - 1))) && (end == n || !isAlnum(s.charAt(end))) && upperAlnum(s, i + 4, end)) {
                out.add(i, end, SecretKind.AWS_ACCESS_KEY);
                i = end;
            } else {
                i += 4;
            }
        }
    }

    private static boolean upperAlnum(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (!isUpper(c) && !isDigit(c)) {
                return false;
            }
        }
        return true;
    }
}

package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.isAsciiLetter;
import static dev.pharos.process.redact.Scan.isDigit;
import static dev.pharos.process.redact.Scan.isUpper;

/**
 * Dotted-quad IPv4 addresses (octets 0-255, no leading zeros), with or without a port or a prefix
 * length after them. Not an address: a version with fewer or more parts ({@code 1.2.3},
 * {@code 1.2.3.4.5}, an OID), one glued to letters ({@code v1.2.3.4}), and four-part versions named
 * as such ({@code Version=8.0.0.0} in .NET assembly names, {@code Chrome/120.0.0.0} in user agents).
 */
final class Ipv4Detector implements Detector {

    @Override
    public SecretKind kind() {
        return SecretKind.IPV4;
    }

    @Override
    public void find(String s, Spans out) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(s.charAt(i))) {
                i++;
                continue;
            }
            if (i > 0 && (isAlnum(s.charAt(i - 1)) || s.charAt(i - 1) == '.')) {
                i = skipDotted(s, i);
                continue;
            }
            int end = quad(s, i);
            if (end > 0 && !namedVersion(s, i)) {
                out.add(i, end, SecretKind.IPV4);
                i = end;
            } else {
                i = skipDotted(s, i);
            }
        }
    }

    private static int skipDotted(String s, int i) {
        int n = s.length();
        while (i < n && (isAlnum(s.charAt(i)) || s.charAt(i) == '.')) {
            i++;
        }
        return i;
    }

    /** The end of four dot-separated octets starting at {@code i}, bounded on the right, or -1. */
    private static int quad(String s, int i) {
        int n = s.length();
        int k = i;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (k >= n || s.charAt(k) != '.') {
                    return -1;
                }
                k++;
            }
            int start = k;
            int value = 0;
            while (k < n && isDigit(s.charAt(k)) && k - start < 4) {
                value = value * 10 + (s.charAt(k) - '0');
                k++;
            }
            int len = k - start;
            if (len == 0 || len > 3 || value > 255 || (len > 1 && s.charAt(start) == '0')) {
                return -1;
            }
        }
        if (k < n && (isAlnum(s.charAt(k)) || (s.charAt(k) == '.' && k + 1 < n && isAlnum(s.charAt(k + 1))))) {
            return -1;
        }
        return k;
    }

    /** {@code Version=8.0.0.0}, {@code version: 1.2.3.4}, {@code Chrome/120.0.0.0}. */
    private static boolean namedVersion(String s, int start) {
        int k = start;
        int limit = Math.max(0, start - 3);
        while (k > limit && (s.charAt(k - 1) == '=' || s.charAt(k - 1) == ':' || s.charAt(k - 1) == ' ' || s.charAt(k - 1) == '"')) {
            k--;
        }
        if (k < start && (Scan.regionIs(s, k - 7, "version") || Scan.regionIs(s, k - 3, "ver"))) {
            return true;
        }
        if (start >= 2 && s.charAt(start - 1) == '/') {
            // A user-agent product token: capitalised letters without dots ("Chrome/", "Edg/"), unlike a host ("db.internal/").
            int w = start - 1;
            while (w > 0 && isAsciiLetter(s.charAt(w - 1))) {
                w--;
            }
            return w < start - 1 && isUpper(s.charAt(w)) && (w == 0 || s.charAt(w - 1) == ' ' || s.charAt(w - 1) == '(');
        }
        return false;
    }
}

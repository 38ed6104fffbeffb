package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.isDigit;
import static dev.pharos.process.redact.Scan.isHex;

/**
 * IPv6 addresses in their text forms: eight groups, {@code ::} compression, an embedded IPv4 tail
 * ({@code ::ffff:10.0.0.1}), a zone ({@code fe80::1%eth0}). Not an address: a run glued to a word
 * ({@code std::vector}, {@code Data::Map}), one without a digit ({@code a::b}), MACs (six groups),
 * clock times, and eight two-digit groups ({@code 50:06:01:60:3e:a0:13:a8}), which are Fibre
 * Channel names or EUI-64s.
 */
final class Ipv6Detector implements Detector {

    @Override
    public SecretKind kind() {
        return SecretKind.IPV6;
    }

    @Override
    public void find(String s, Spans out) {
        int n = s.length();
        int i = s.indexOf(':');
        if (i < 0) {
            return;
        }
        // Back up to the start of the run holding the first colon.
        while (i > 0 && isAddressChar(s.charAt(i - 1))) {
            i--;
        }
        while (i < n) {
            if (!isAddressChar(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int end = i;
            boolean colon = false;
            while (end < n && isAddressChar(s.charAt(end))) {
                colon |= s.charAt(end) == ':';
                end++;
            }
            i = end;
            if (!colon || (start > 0 && isAlnum(s.charAt(start - 1)))) {
                continue;
            }
            int a = start;
            int b = end;
            // Sentence punctuation around an address: "fe80::1:", "10.0.0.1."
            while (b > a && s.charAt(b - 1) == '.') {
                b--;
            }
            if (b - a >= 2 && s.charAt(b - 1) == ':' && s.charAt(b - 2) != ':') {
                b--;
            }
            if (b - a >= 2 && s.charAt(a) == ':' && s.charAt(a + 1) != ':') {
                a++;
            }
            boolean zone = b < n && b == end && s.charAt(b) == '%';
            if (end < n && isAlnum(s.charAt(end)) && !zone) {
                i = Scan.skipAlnum(s, end);
                continue;
            }
            if (!valid(s, a, b)) {
                continue;
            }
            if (zone) {
                int z = b + 1;
                while (z < n && (isAlnum(s.charAt(z)) || s.charAt(z) == '_' || s.charAt(z) == '.')) {
                    z++;
                }
                b = z > b + 1 ? z : b;
                i = Math.max(i, b);
            }
            out.add(a, b, SecretKind.IPV6);
        }
    }

    private static boolean isAddressChar(char c) {
        return isHex(c) || c == ':' || c == '.';
    }

    static boolean valid(String s, int a, int b) {
        if (b - a < 2 || b - a > 45) {
            return false;
        }
        int groups = 0;
        int compressions = 0;
        int longest = 0;
        boolean digit = false;
        int k = a;
        if (s.startsWith("::", k)) {
            compressions = 1;
            k += 2;
            if (k == b) {
                return false;
            }
        } else if (s.charAt(k) == ':') {
            return false;
        }
        while (k < b) {
            int g = k;
            while (k < b && isHex(s.charAt(k))) {
                digit |= isDigit(s.charAt(k));
                k++;
            }
            int len = k - g;
            if (k < b && s.charAt(k) == '.') {
                // An IPv4 tail counts as two groups and must end the address.
                if (!ipv4Tail(s, g, b)) {
                    return false;
                }
                groups += 2;
                longest = 4;
                digit = true;
                k = b;
                break;
            }
            if (len == 0 || len > 4) {
                return false;
            }
            groups++;
            longest = Math.max(longest, len);
            if (k == b) {
                break;
            }
            k++; // the ':'
            if (k < b && s.charAt(k) == ':') {
                if (++compressions > 1) {
                    return false;
                }
                k++;
                if (k == b) {
                    break;
                }
            } else if (k == b) {
                return false;
            }
        }
        if (!digit) {
            return false;
        }
        if (compressions == 0) {
            return groups == 8 && longest > 2;
        }
        return groups <= 7;
    }

    private static boolean ipv4Tail(String s, int a, int b) {
        int parts = 0;
        int k = a;
        while (k <= b) {
            int start = k;
            int value = 0;
            while (k < b && isDigit(s.charAt(k))) {
                value = value * 10 + (s.charAt(k) - '0');
                k++;
                if (k - start > 3) {
                    return false;
                }
            }
            if (k == start || value > 255) {
                return false;
            }
            parts++;
            if (k == b) {
                break;
            }
            if (s.charAt(k) != '.') {
                return false;
            }
            k++;
        }
        return parts == 4;
    }
}

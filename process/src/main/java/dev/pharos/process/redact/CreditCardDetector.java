package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.isDigit;
import static dev.pharos.process.redact.Scan.skipAlnum;
import static dev.pharos.process.redact.Scan.skipDigits;

/**
 * Payment card numbers: 13 to 19 digits, written in one run or in the groups cards are printed in
 * (4-4-4-4[-1..4], Amex 4-6-5, Diners 4-6-4) with spaces or dashes, that pass the Luhn check and
 * start with an issuer prefix of that length (Visa, Mastercard, Amex, Diners, JCB, Discover,
 * UnionPay, Maestro, Mir).
 *
 * <p>Luhn alone passes one random number in ten, so the rest is about what is not a card: a digit
 * run glued to letters (hex ids, hashes), longer than 19 digits, part of a dashed or dotted
 * identifier (UUIDs, versions, decimals), a phone number ({@code +49...}), the tail of a grouped
 * number such as an IBAN ({@code DE89 3704 ...}), or the value of a key that says it is an id
 * ({@code dd.trace_id=...}, {@code "orderId": ...}): random 64-bit ids printed in decimal are 19
 * digits long and would otherwise look like Visa numbers 1 time in 30.
 */
final class CreditCardDetector implements Detector {

    @Override
    public SecretKind kind() {
        return SecretKind.CREDIT_CARD;
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
            if (i > 0 && isAlnum(s.charAt(i - 1))) {
                i = skipAlnum(s, i);
                continue;
            }
            int runEnd = skipDigits(s, i);
            int len = runEnd - i;
            if (len >= 13) {
                if (len <= 19 && contiguousBounded(s, i, runEnd) && isCardNumber(s, i, runEnd) && !idContext(s, i)) {
                    out.add(i, runEnd, SecretKind.CREDIT_CARD);
                }
                i = skipAlnum(s, runEnd);
                continue;
            }
            if (len == 4) {
                int end = grouped(s, i, runEnd);
                if (end > 0) {
                    out.add(i, end, SecretKind.CREDIT_CARD);
                    i = end;
                    continue;
                }
            }
            i = runEnd;
        }
    }

    private static boolean contiguousBounded(String s, int start, int end) {
        int n = s.length();
        if (end < n) {
            char c = s.charAt(end);
            if (isAlnum(c)) {
                return false;
            }
            if ((c == '.' || c == '-') && end + 1 < n && isAlnum(s.charAt(end + 1))) {
                return false;
            }
        }
        return leftBounded(s, start);
    }

    private static boolean leftBounded(String s, int start) {
        if (start == 0) {
            return true;
        }
        char p = s.charAt(start - 1);
        if (p == '+') {
            return false;
        }
        return !((p == '.' || p == '-') && start >= 2 && isAlnum(s.charAt(start - 2)));
    }

    /** The end of a grouped card number starting with the 4-digit group {@code [start, firstEnd)}, or -1. */
    private static int grouped(String s, int start, int firstEnd) {
        int n = s.length();
        if (firstEnd + 1 >= n) {
            return -1;
        }
        char sep = s.charAt(firstEnd);
        if ((sep != ' ' && sep != '-') || !isDigit(s.charAt(firstEnd + 1))) {
            return -1;
        }
        if (!leftBounded(s, start) || continuesGroupedNumber(s, start, sep)) {
            return -1;
        }
        // Group sizes packed 8 bits each: dates and times (2024-06-15) reach this point on most lines.
        long sizes = 4;
        int groups = 1;
        int pos = firstEnd;
        while (groups < 6 && pos + 1 < n && s.charAt(pos) == sep && isDigit(s.charAt(pos + 1))) {
            int ge = skipDigits(s, pos + 1);
            if (ge < n && isAlnum(s.charAt(ge))) {
                break;
            }
            int size = Math.min(ge - pos - 1, 255);
            if (groups == 1 && size != 4 && size != 6) {
                return -1;
            }
            sizes |= (long) size << (8 * groups++);
            pos = ge;
        }
        // Longest first: a card followed by an expiry or a CVV ("4111 1111 1111 1111 123") still counts.
        for (int g = groups; g >= 3; g--) {
            int end = start - 1;
            for (int k = 0; k < g; k++) {
                end += size(sizes, k) + 1;
            }
            if (!validGrouping(sizes, g) || !groupedRightBounded(s, end, sep)) {
                continue;
            }
            if (isCardNumber(s, start, end) && !idContext(s, start)) {
                return end;
            }
        }
        return -1;
    }

    private static int size(long sizes, int k) {
        return (int) (sizes >>> (8 * k)) & 0xFF;
    }

    private static boolean validGrouping(long sizes, int g) {
        if (g == 3) {
            return size(sizes, 0) == 4 && size(sizes, 1) == 6 && (size(sizes, 2) == 5 || size(sizes, 2) == 4);
        }
        for (int k = 0; k < g - 1; k++) {
            if (size(sizes, k) != 4) {
                return false;
            }
        }
        return size(sizes, g - 1) >= 1 && size(sizes, g - 1) <= 4;
    }

    private static boolean groupedRightBounded(String s, int end, char sep) {
        int n = s.length();
        if (end == n) {
            return true;
        }
        char c = s.charAt(end);
        if (isAlnum(c)) {
            return false;
        }
        // A dashed number going on with letters is an identifier; a spaced one going on with a word is prose.
        return !(c == '-' && sep == '-' && end + 1 < n && isAlnum(s.charAt(end + 1)));
    }

    /** Whether the group at {@code start} follows a short digit-bearing group with the same separator ({@code DE89 3704 ...}). */
    private static boolean continuesGroupedNumber(String s, int start, char sep) {
        if (start < 2 || s.charAt(start - 1) != sep) {
            return false;
        }
        if (sep == '-') {
            return isAlnum(s.charAt(start - 2));
        }
        int tokenEnd = start - 1;
        int k = tokenEnd;
        boolean digit = false;
        while (k > 0 && isAlnum(s.charAt(k - 1))) {
            k--;
            digit |= isDigit(s.charAt(k));
        }
        return digit && tokenEnd - k == 4;
    }

    /** Whether the number is the value of a key naming an id: {@code trace_id=}, {@code "orderId": }, {@code x-datadog-parent-id: }. */
    private static boolean idContext(String s, int start) {
        int k = start;
        int skipped = 0;
        while (k > 0 && skipped < 4) {
            char c = s.charAt(k - 1);
            if (c == '=' || c == ':' || c == '"' || c == '\'' || c == ' ') {
                k--;
                skipped++;
            } else {
                break;
            }
        }
        if (skipped == 0 || k < 2) {
            return false;
        }
        char d = s.charAt(k - 1);
        char i = s.charAt(k - 2);
        if (Scan.lower(d) != 'd' || Scan.lower(i) != 'i') {
            return false;
        }
        if (k == 2 || i == 'I') {
            return true;
        }
        char before = s.charAt(k - 3);
        return before == '_' || before == '.' || before == '-' || !isAlnum(before) || Scan.regionIs(s, k - 4, "uuid")
                || Scan.regionIs(s, k - 4, "guid");
    }

    static boolean isCardNumber(String s, int start, int end) {
        int digits = 0;
        int prefix = 0;
        int sum = 0;
        char first = 0;
        boolean allSame = true;
        // Luhn from the right: every second digit, counting the check digit as the first, is doubled.
        boolean doubled = false;
        for (int k = end - 1; k >= start; k--) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
            digits++;
        }
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                continue;
            }
            if (first == 0) {
                first = c;
            } else if (c != first) {
                allSame = false;
            }
            if (prefix < 1000) {
                prefix = prefix * 10 + (c - '0');
            }
        }
        return digits >= 13 && digits <= 19 && sum % 10 == 0 && !allSame && issuerAccepts(prefix, digits);
    }

    /** Issuer prefixes (first four digits) and the lengths those issuers use. */
    static boolean issuerAccepts(int p4, int len) {
        int p2 = p4 / 100;
        return switch (p4 / 1000) {
            case 2 -> (p4 >= 2200 && p4 <= 2204 && len >= 16) || (p4 >= 2221 && p4 <= 2720 && len == 16);
            case 3 -> switch (p2) {
                case 34, 37 -> len == 15;
                case 35 -> len >= 16;
                case 30, 36, 38, 39 -> len >= 14;
                default -> false;
            };
            case 4 -> len == 13 || len == 16 || len == 19;
            case 5 -> (p2 >= 51 && p2 <= 55) ? len == 16 : p2 == 50 || p2 >= 56;
            case 6 -> len >= 16;
            default -> false;
        };
    }
}

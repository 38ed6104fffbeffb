package dev.pharos.process.redact;

import static dev.pharos.process.redact.Scan.isAlnum;
import static dev.pharos.process.redact.Scan.isDigit;
import static dev.pharos.process.redact.Scan.skipAlnum;
import static dev.pharos.process.redact.Scan.skipDigits;

/**
 * Payment card numbers: 13 to 19 digits, written in one run or in the groups cards are printed in
 * (4-4-4-4[-1..4], Amex 4-6-5, Diners 4-6-4) with spaces or dashes (or the {@code +} and {@code %20}
 * a form or a URL turns a space into), that pass the Luhn check and start with an issuer prefix
 * of that length (Visa 16/19, Mastercard, Amex, Diners, JCB, Discover, UnionPay, Maestro, Mir).
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
        char sep = firstEnd < n ? s.charAt(firstEnd) : 0;
        int w = separatorWidth(s, firstEnd, sep);
        if (w == 0 || firstEnd + w >= n || !isDigit(s.charAt(firstEnd + w))) {
            return -1;
        }
        if (!leftBounded(s, start) || continuesGroupedNumber(s, start, sep, w)) {
            return -1;
        }
        // Group sizes packed 8 bits each: dates and times (2024-06-15) reach this point on most lines.
        long sizes = 4;
        int groups = 1;
        int pos = firstEnd;
        while (groups < 6 && pos + w < n && separatorWidth(s, pos, sep) == w && isDigit(s.charAt(pos + w))) {
            int ge = skipDigits(s, pos + w);
            if (ge < n && isAlnum(s.charAt(ge))) {
                break;
            }
            int size = Math.min(ge - pos - w, 255);
            if (groups == 1 && size != 4 && size != 6) {
                return -1;
            }
            sizes |= (long) size << (8 * groups++);
            pos = ge;
        }
        // Longest first: a card followed by an expiry or a CVV ("4111 1111 1111 1111 123") still counts.
        for (int g = groups; g >= 3; g--) {
            int end = start - w;
            for (int k = 0; k < g; k++) {
                end += size(sizes, k) + w;
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

    /**
     * The width of a group separator at {@code pos}: a space or a dash as printed, a {@code +} or
     * {@code %20} where a form or a URL encoded the space; 0 when {@code pos} holds none, or another
     * separator than {@code sep}.
     */
    private static int separatorWidth(String s, int pos, char sep) {
        if (pos >= s.length() || s.charAt(pos) != sep) {
            return 0;
        }
        if (sep == ' ' || sep == '-' || sep == '+') {
            return 1;
        }
        return sep == '%' && pos + 2 < s.length() && s.charAt(pos + 1) == '2' && s.charAt(pos + 2) == '0' ? 3 : 0;
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
    private static boolean continuesGroupedNumber(String s, int start, char sep, int w) {
        if (start < w + 1 || separatorWidth(s, start - w, sep) != w) {
            return false;
        }
        int tokenEnd = start - w;
        if (sep == '-') {
            return isAlnum(s.charAt(tokenEnd - 1));
        }
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
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c == '%') {
                k += 2; // "%20": its digits are the separator's
            } else if (isDigit(c)) {
                digits++;
            }
        }
        if (digits < 13 || digits > 19) {
            return false;
        }
        int prefix = 0;
        int sum = 0;
        int seen = 0;
        char first = 0;
        boolean allSame = true;
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c == '%') {
                k += 2;
                continue;
            }
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            // Luhn: counting from the check digit at the right, every second digit is doubled.
            if ((digits - seen) % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            seen++;
            if (first == 0) {
                first = c;
            } else if (c != first) {
                allSame = false;
            }
            if (seen <= 4) {
                prefix = prefix * 10 + (c - '0');
            }
        }
        return sum % 10 == 0 && !allSame && issuerAccepts(prefix, digits);
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
            // Visa has not issued 13-digit numbers for decades; 13 digits starting with 4 are German and UK phone numbers.
            case 4 -> len == 16 || len == 19;
            case 5 -> (p2 >= 51 && p2 <= 55) ? len == 16 : p2 == 50 || p2 >= 56;
            case 6 -> len >= 16;
            default -> false;
        };
    }
}

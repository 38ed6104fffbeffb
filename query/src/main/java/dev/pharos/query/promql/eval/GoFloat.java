package dev.pharos.query.promql.eval;

import java.util.Locale;

/** Go's strconv.ParseFloat for label values such as "le": decimals, exponents, Inf/NaN spellings, hex with p. */
final class GoFloat {

    private GoFloat() {}

    /** The value, or null when Go would reject the text. */
    static Double parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        String body = s;
        boolean negative = false;
        if (body.charAt(0) == '+' || body.charAt(0) == '-') {
            negative = body.charAt(0) == '-';
            body = body.substring(1);
        }
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.equals("inf") || lower.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        if (body.isEmpty() || body.indexOf('_') >= 0) {
            return null;
        }
        char last = body.charAt(body.length() - 1);
        if (!(Character.isDigit(last) || last == '.' || (lower.startsWith("0x") && Character.digit(last, 16) >= 0))) {
            return null;
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '+' || c == '-') || c > 127) {
                return null;
            }
        }
        try {
            if (lower.startsWith("0x")) {
                if (!lower.contains("p")) {
                    return null;
                }
            } else if (lower.chars().anyMatch(c -> Character.isLetter(c) && c != 'e')) {
                return null;
            }
            double v = Double.parseDouble(body);
            return negative ? -v : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

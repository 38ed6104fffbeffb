package dev.pharos.query.promql.parse;

import java.math.BigInteger;

/**
 * Number literal values as Prometheus computes them: an integer parse with Go's base prefixes first (so {@code 0755} is
 * octal and {@code 0x1F} hex), then a float parse. Underscores between digits are accepted like Go does.
 */
final class GoNumbers {

    private GoNumbers() {}

    /** @throws IllegalArgumentException with Prometheus's "error parsing number: ..." message */
    static double parse(String text) {
        Double integer = parseInteger(text);
        if (integer != null) {
            return integer;
        }
        return parseFloat(text);
    }

    /** Go's ParseInt(s, 0, 64); null when Go would fail (syntax or range), letting the float parse take over. */
    private static Double parseInteger(String s) {
        int radix = 10;
        int digitsFrom = 0;
        if (s.length() > 1 && s.charAt(0) == '0') {
            char p = Character.toLowerCase(s.charAt(1));
            if (p == 'x') {
                radix = 16;
                digitsFrom = 2;
            } else if (p == 'o') {
                radix = 8;
                digitsFrom = 2;
            } else if (p == 'b') {
                radix = 2;
                digitsFrom = 2;
            } else {
                radix = 8;
                digitsFrom = 1;
            }
        }
        if (!underscoresOk(s)) {
            return null;
        }
        String digits = s.substring(digitsFrom).replace("_", "");
        if (digits.isEmpty()) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), radix) < 0) {
                return null;
            }
        }
        BigInteger v = new BigInteger(digits, radix);
        if (v.bitLength() > 63) {
            return null;
        }
        return (double) v.longValue();
    }

    private static double parseFloat(String s) {
        if (!underscoresOk(s) || s.startsWith("0x") || s.startsWith("0X")) {
            // Go requires a 'p' exponent for hexadecimal floats, which the lexer never produces.
            throw syntax(s);
        }
        String plain = s.replace("_", "");
        double v;
        try {
            v = Double.parseDouble(plain);
        } catch (NumberFormatException e) {
            throw syntax(s);
        }
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (!(Lexer.isDigit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-')) {
                // Java accepts suffixes such as 'd' or 'f' and words Go does not.
                throw syntax(s);
            }
        }
        if (Double.isInfinite(v)) {
            throw new IllegalArgumentException("error parsing number: strconv.ParseFloat: parsing \"" + s + "\": value out of range");
        }
        return v;
    }

    private static IllegalArgumentException syntax(String s) {
        return new IllegalArgumentException("error parsing number: strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
    }

    /** Go only allows an underscore between two digits, or right after a base prefix. */
    private static boolean underscoresOk(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '_') {
                continue;
            }
            boolean afterPrefix = i == 2 && s.charAt(0) == '0' && "xXoObB".indexOf(s.charAt(1)) >= 0;
            boolean before = i > 0 && Character.digit(s.charAt(i - 1), 16) >= 0;
            boolean after = i + 1 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0;
            if (!(afterPrefix || before) || !after) {
                return false;
            }
        }
        return true;
    }
}

package dev.pharos.query.promql.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Natural ordering of label values ("cpu2" before "cpu10"), as the natsort package Prometheus uses. */
final class NaturalOrder {

    private NaturalOrder() {}

    static boolean less(String a, String b) {
        List<String> ca = chunks(a);
        List<String> cb = chunks(b);
        for (int i = 0; i < ca.size(); i++) {
            if (i >= cb.size()) {
                return false;
            }
            String x = ca.get(i);
            String y = cb.get(i);
            BigInteger xi = integer(x);
            BigInteger yi = integer(y);
            if (xi != null && yi != null) {
                int c = xi.compareTo(yi);
                if (c == 0) {
                    if (i == ca.size() - 1) {
                        return true;
                    } else if (i == cb.size() - 1) {
                        return false;
                    }
                    continue;
                }
                return c < 0;
            }
            if (x.equals(y)) {
                if (i == ca.size() - 1) {
                    return true;
                } else if (i == cb.size() - 1) {
                    return false;
                }
                continue;
            }
            return x.compareTo(y) < 0;
        }
        return false;
    }

    private static BigInteger integer(String s) {
        if (s.isEmpty() || !isDigit(s.charAt(0))) {
            return null;
        }
        return new BigInteger(s);
    }

    private static List<String> chunks(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            boolean digit = isDigit(s.charAt(i));
            int j = i + 1;
            while (j < s.length() && isDigit(s.charAt(j)) == digit) {
                j++;
            }
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

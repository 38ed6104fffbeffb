package dev.pharos.present.prometheus;

import dev.pharos.query.Params;
import dev.pharos.query.promql.PromqlEngine;
import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.LabelMatcher;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parameters of the Prometheus HTTP API, parsed as Prometheus parses them, with its error messages. */
final class PromParams {

    /** Prometheus's bounds for a missing start/end on metadata endpoints. */
    static final long MIN_TIME = Long.MIN_VALUE / 4;
    static final long MAX_TIME = Long.MAX_VALUE / 4;

    private static final Pattern DURATION = Pattern.compile("(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private PromParams() {}

    /** A timestamp: Unix seconds (with fraction) or RFC 3339; {@code fallback} when absent. */
    static long time(Params p, String name, long fallback) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return new BigDecimal(v).movePointRight(3).setScale(0, java.math.RoundingMode.HALF_EVEN).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw bad("invalid parameter \"" + name + "\": cannot parse \"" + v + "\" to a valid timestamp");
            }
        }
    }

    /** A duration: seconds (with fraction) or a Prometheus duration such as 15s, 1m30s. */
    static long duration(Params p, String name) {
        String v = p.get(name);
        if (v == null || v.isEmpty()) {
            throw bad("invalid parameter \"" + name + "\": cannot parse \"\" to a valid duration");
        }
        try {
            double s = Double.parseDouble(v);
            if (Double.isNaN(s) || Double.isInfinite(s) || s * 1000 > Long.MAX_VALUE / 2) {
                throw bad("invalid parameter \"" + name + "\": cannot parse \"" + v + "\" to a valid duration. It overflows int64");
            }
            return Math.round(s * 1000);
        } catch (NumberFormatException e) {
            Matcher m = DURATION.matcher(v);
            if (!m.matches() || v.isEmpty()) {
                throw bad("invalid parameter \"" + name + "\": cannot parse \"" + v + "\" to a valid duration");
            }
            long[] unit = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
            long ms = 0;
            for (int i = 0; i < unit.length; i++) {
                if (m.group(i + 1) != null) {
                    ms += Long.parseLong(m.group(i + 1)) * unit[i];
                }
            }
            return ms;
        }
    }

    /** The {@code match[]} selectors, each as its label matchers. */
    static List<List<LabelMatcher>> selectors(Params p) {
        List<List<LabelMatcher>> out = new ArrayList<>();
        for (String s : p.all("match[]")) {
            Expr e = PromqlEngine.parse(s);
            if (!(e instanceof VectorSelector vs)) {
                throw bad("invalid parameter \"match[]\": " + s + " is not a series selector");
            }
            out.add(vs.matchers());
        }
        return out;
    }

    static int limit(Params p) {
        String v = p.get("limit");
        if (v == null || v.isEmpty()) {
            return 1_000_000;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw bad("limit must be non-negative");
            }
            return n == 0 ? 1_000_000 : n;
        } catch (NumberFormatException e) {
            throw bad("cannot parse \"" + v + "\" to a valid limit");
        }
    }

    static PromqlException bad(String message) {
        return new PromqlException(PromqlException.Kind.BAD_DATA, message);
    }
}

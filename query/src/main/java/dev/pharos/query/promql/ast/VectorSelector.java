package dev.pharos.query.promql.ast;

import dev.pharos.query.promql.storage.GoStrings;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.LabelNames;
import dev.pharos.query.promql.storage.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * An instant vector selector. The metric name, when given, is also one of the matchers (an equality on __name__).
 *
 * @param name     the metric name written before the braces or as a bare string inside them, or null
 * @param offsetMs the offset modifier (0 when absent; negative offsets look into the future)
 * @param at       the @ modifier, or null
 * @param extended the experimental {@code anchored} / {@code smoothed} modifier
 */
public record VectorSelector(String name, List<LabelMatcher> matchers, long offsetMs, AtModifier at, ExtendedRange extended,
        PositionRange pos) implements Expr {

    /**
     * Experimental modifiers: {@code anchored} ranges also use the last sample before the range, {@code smoothed}
     * ones interpolate values at the range boundaries (and smoothed instant selectors interpolate at each step).
     */
    public enum ExtendedRange { NONE, ANCHORED, SMOOTHED }

    public VectorSelector {
        matchers = List.copyOf(matchers);
        extended = extended == null ? ExtendedRange.NONE : extended;
    }

    public VectorSelector(String name, List<LabelMatcher> matchers, long offsetMs, AtModifier at, PositionRange pos) {
        this(name, matchers, offsetMs, at, ExtendedRange.NONE, pos);
    }

    public VectorSelector withOffset(long newOffsetMs, PositionRange newPos) {
        return new VectorSelector(name, matchers, newOffsetMs, at, extended, newPos);
    }

    public VectorSelector withAt(AtModifier newAt, PositionRange newPos) {
        return new VectorSelector(name, matchers, offsetMs, newAt, extended, newPos);
    }

    public VectorSelector withExtended(ExtendedRange e) {
        return new VectorSelector(name, matchers, offsetMs, at, e, pos);
    }

    String extendedSuffix() {
        return switch (extended) {
            case NONE -> "";
            case ANCHORED -> " anchored";
            case SMOOTHED -> " smoothed";
        };
    }

    @Override
    public ValueType type() {
        return ValueType.VECTOR;
    }

    /** The selector without its @ and offset modifiers. */
    String plainString() {
        List<String> parts = new ArrayList<>();
        for (LabelMatcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME) && m.type() == LabelMatcher.Type.EQUAL && m.value().equals(name)
                    && !m.value().isEmpty()) {
                continue;
            }
            parts.add(m.toString());
        }
        parts.sort(String::compareTo);
        String prefix = "";
        if (name != null && !name.isEmpty()) {
            if (LabelNames.isLegacyMetricName(name)) {
                prefix = name;
            } else {
                parts.addFirst(GoStrings.quote(name));
            }
        }
        if (parts.isEmpty()) {
            return prefix.isEmpty() ? "{}" : prefix;
        }
        return prefix + "{" + String.join(",", parts) + "}";
    }

    static String modifiers(AtModifier at, long offsetMs) {
        StringBuilder sb = new StringBuilder();
        if (at != null) {
            sb.append(' ').append(at);
        }
        if (offsetMs > 0) {
            sb.append(" offset ").append(Durations.format(offsetMs));
        } else if (offsetMs < 0) {
            sb.append(" offset -").append(Durations.format(-offsetMs));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return plainString() + extendedSuffix() + modifiers(at, offsetMs);
    }
}

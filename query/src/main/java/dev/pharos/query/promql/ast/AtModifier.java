package dev.pharos.query.promql.ast;

import java.util.Locale;

/**
 * The {@code @} modifier: a fixed evaluation time, or the start or end of the query.
 *
 * @param timestampMs the time for {@link Anchor#TIMESTAMP}, unused otherwise
 */
public record AtModifier(Anchor anchor, long timestampMs) {

    public enum Anchor { TIMESTAMP, START, END }

    public static AtModifier at(long timestampMs) {
        return new AtModifier(Anchor.TIMESTAMP, timestampMs);
    }

    public static final AtModifier START = new AtModifier(Anchor.START, 0);
    public static final AtModifier END = new AtModifier(Anchor.END, 0);

    /** The time this modifier stands for in a query running from start to end. */
    public long resolve(long queryStartMs, long queryEndMs) {
        return switch (anchor) {
            case TIMESTAMP -> timestampMs;
            case START -> queryStartMs;
            case END -> queryEndMs;
        };
    }

    @Override
    public String toString() {
        return switch (anchor) {
            case START -> "@ start()";
            case END -> "@ end()";
            case TIMESTAMP -> "@ " + String.format(Locale.ROOT, "%.3f", timestampMs / 1000.0);
        };
    }
}

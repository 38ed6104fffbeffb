package dev.pharos.query.promql.ast;

import java.util.Locale;

/** Aggregation operators. */
public enum AggregationOp {
    SUM, AVG, COUNT, MIN, MAX, GROUP, STDDEV, STDVAR, TOPK, BOTTOMK, COUNT_VALUES, QUANTILE, LIMITK, LIMIT_RATIO;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean hasParam() {
        return this == TOPK || this == BOTTOMK || this == COUNT_VALUES || this == QUANTILE || this == LIMITK
                || this == LIMIT_RATIO;
    }

    /** Operators whose output keeps the input series' labels (they select series rather than combine them). */
    public boolean selectsSeries() {
        return this == TOPK || this == BOTTOMK || this == LIMITK || this == LIMIT_RATIO;
    }

    public static AggregationOp fromKeyword(String word) {
        for (AggregationOp op : values()) {
            if (op.keyword().equals(word.toLowerCase(Locale.ROOT))) {
                return op;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return keyword();
    }
}

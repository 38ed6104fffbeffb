package dev.pharos.query.promql.ast;

import static dev.pharos.query.promql.ast.ValueType.MATRIX;
import static dev.pharos.query.promql.ast.ValueType.SCALAR;
import static dev.pharos.query.promql.ast.ValueType.STRING;
import static dev.pharos.query.promql.ast.ValueType.VECTOR;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The function table: every function the parser accepts, with its signature. */
public final class Functions {

    private static final Map<String, Function> TABLE = new LinkedHashMap<>();

    /** Functions whose result depends on the evaluation time even when their arguments do not. */
    public static final Set<String> AT_MODIFIER_UNSAFE = Set.of("days_in_month", "day_of_month", "day_of_week",
            "day_of_year", "hour", "minute", "month", "year", "predict_linear", "time", "timestamp", "step", "range",
            "start", "end");

    static {
        for (String n : List.of("abs", "absent", "acos", "acosh", "asin", "asinh", "atan", "atanh", "ceil", "cos", "cosh",
                "deg", "exp", "floor", "histogram_avg", "histogram_count", "histogram_sum", "histogram_stddev",
                "histogram_stdvar", "ln", "log10", "log2", "rad", "sgn", "sin", "sinh", "sort", "sort_desc", "sqrt",
                "tan", "tanh", "timestamp")) {
            add(n, List.of(VECTOR), 0, VECTOR);
        }
        for (String n : List.of("absent_over_time", "avg_over_time", "changes", "count_over_time", "delta", "deriv",
                "first_over_time", "idelta", "increase", "irate", "last_over_time", "mad_over_time", "max_over_time",
                "min_over_time", "present_over_time", "rate", "resets", "stddev_over_time", "stdvar_over_time",
                "sum_over_time", "ts_of_first_over_time", "ts_of_last_over_time", "ts_of_max_over_time",
                "ts_of_min_over_time")) {
            add(n, List.of(MATRIX), 0, VECTOR);
        }
        for (String n : List.of("day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour", "minute", "month",
                "year")) {
            add(n, List.of(VECTOR), 1, VECTOR);
        }
        add("clamp", List.of(VECTOR, SCALAR, SCALAR), 0, VECTOR);
        add("clamp_max", List.of(VECTOR, SCALAR), 0, VECTOR);
        add("clamp_min", List.of(VECTOR, SCALAR), 0, VECTOR);
        add("double_exponential_smoothing", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
        add("holt_winters", List.of(MATRIX, SCALAR, SCALAR), 0, VECTOR);
        add("histogram_fraction", List.of(SCALAR, SCALAR, VECTOR), 0, VECTOR);
        add("histogram_quantile", List.of(SCALAR, VECTOR), 0, VECTOR);
        add("histogram_quantiles", List.of(VECTOR, STRING, SCALAR, SCALAR), -1, VECTOR);
        add("info", List.of(VECTOR, VECTOR), 1, VECTOR);
        add("label_join", List.of(VECTOR, STRING, STRING, STRING), -1, VECTOR);
        add("label_replace", List.of(VECTOR, STRING, STRING, STRING, STRING), 0, VECTOR);
        add("pi", List.of(), 0, SCALAR);
        add("predict_linear", List.of(MATRIX, SCALAR), 0, VECTOR);
        add("quantile_over_time", List.of(SCALAR, MATRIX), 0, VECTOR);
        add("round", List.of(VECTOR, SCALAR), 1, VECTOR);
        add("scalar", List.of(VECTOR), 0, SCALAR);
        add("sort_by_label", List.of(VECTOR, STRING), -1, VECTOR);
        add("sort_by_label_desc", List.of(VECTOR, STRING), -1, VECTOR);
        add("time", List.of(), 0, SCALAR);
        add("vector", List.of(SCALAR), 0, VECTOR);
        add("step", List.of(), 0, SCALAR);
        add("range", List.of(), 0, SCALAR);
        add("start", List.of(), 0, SCALAR);
        add("end", List.of(), 0, SCALAR);
        add("min_of", List.of(SCALAR, SCALAR), 0, SCALAR);
        add("max_of", List.of(SCALAR, SCALAR), 0, SCALAR);
    }

    private Functions() {}

    private static void add(String name, List<ValueType> args, int variadic, ValueType ret) {
        TABLE.put(name, new Function(name, args, variadic, ret));
    }

    /** The function with this name, or null. */
    public static Function get(String name) {
        return TABLE.get(name);
    }

    public static Map<String, Function> all() {
        return java.util.Collections.unmodifiableMap(TABLE);
    }
}

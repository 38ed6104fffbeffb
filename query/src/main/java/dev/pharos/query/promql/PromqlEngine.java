package dev.pharos.query.promql;

import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.ValueType;
import dev.pharos.query.promql.eval.QueryRunner;
import dev.pharos.query.promql.parse.ParseException;
import dev.pharos.query.promql.parse.Parser;
import dev.pharos.query.promql.storage.SeriesSource;

/**
 * PromQL over a {@link SeriesSource}: instant and range queries with Prometheus 3 semantics for float samples.
 * Thread-safe; each query reads what it needs from the source once, then evaluates in memory.
 */
public final class PromqlEngine {

    private final SeriesSource source;
    private final EngineOptions options;

    public PromqlEngine(SeriesSource source) {
        this(source, EngineOptions.defaults());
    }

    public PromqlEngine(SeriesSource source, EngineOptions options) {
        this.source = source;
        this.options = options;
    }

    public EngineOptions options() {
        return options;
    }

    /** Parses and type-checks an expression. */
    public static Expr parse(String query) {
        return parse(query, 0, 0);
    }

    /** Parses for a query with this step and range, which step() and range() stand for in durations. */
    public static Expr parse(String query, long stepMs, long rangeMs) {
        try {
            return Parser.parse(query, stepMs, rangeMs);
        } catch (ParseException e) {
            throw new PromqlException(PromqlException.Kind.BAD_DATA, e.getMessage(), e);
        }
    }

    /** Evaluates the expression at one instant. */
    public PromqlResult instantQuery(String query, long timeMs) {
        return instantQuery(query, timeMs, options);
    }

    public PromqlResult instantQuery(String query, long timeMs, EngineOptions queryOptions) {
        long started = System.nanoTime();
        Expr expr = parse(query);
        return guarded(() -> QueryRunner.run(query, expr, source, timeMs, timeMs, 0, queryOptions, started));
    }

    /** Evaluates the expression at start, start+step, ... up to end; the result is a matrix sorted by labels. */
    public PromqlResult rangeQuery(String query, long startMs, long endMs, long stepMs) {
        return rangeQuery(query, startMs, endMs, stepMs, options);
    }

    public PromqlResult rangeQuery(String query, long startMs, long endMs, long stepMs, EngineOptions queryOptions) {
        long started = System.nanoTime();
        if (stepMs <= 0) {
            throw new PromqlException(PromqlException.Kind.BAD_DATA,
                    "zero or negative query resolution step widths are not accepted. Try a positive integer");
        }
        if (endMs < startMs) {
            throw new PromqlException(PromqlException.Kind.BAD_DATA, "end timestamp must not be before start time");
        }
        Expr expr = parse(query, stepMs, endMs - startMs);
        if (expr.type() != ValueType.VECTOR && expr.type() != ValueType.SCALAR) {
            throw new PromqlException(PromqlException.Kind.BAD_DATA, "invalid expression type \""
                    + expr.type().documentedName() + "\" for range query, must be Scalar or instant Vector");
        }
        return guarded(() -> QueryRunner.run(query, expr, source, startMs, endMs, stepMs, queryOptions, started));
    }

    /** Turns unexpected failures into execution errors, keeping the engine's own errors as they are. */
    private static PromqlResult guarded(java.util.function.Supplier<PromqlResult> run) {
        try {
            return run.get();
        } catch (PromqlException e) {
            throw e;
        } catch (StackOverflowError e) {
            throw new PromqlException(PromqlException.Kind.EXECUTION, "query is nested too deeply", e);
        } catch (RuntimeException e) {
            throw new PromqlException(PromqlException.Kind.EXECUTION, "unexpected error: " + e, e);
        }
    }
}

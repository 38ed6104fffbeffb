package dev.pharos.query.promql;

import dev.pharos.query.QueryException;

/** A PromQL query that could not be parsed or evaluated. {@link #kind()} tells which, for the HTTP layer. */
public final class PromqlException extends QueryException {

    public enum Kind {
        /** The query does not parse or its parameters are invalid (HTTP 400, errorType "bad_data"). */
        BAD_DATA("bad_data"),
        /** Evaluation failed, e.g. duplicate series in a vector match (HTTP 422, "execution"). */
        EXECUTION("execution"),
        /** The deadline passed (HTTP 503, "timeout"). */
        TIMEOUT("timeout"),
        /** The query would hold more samples in memory than allowed (HTTP 422, "execution"). */
        TOO_MANY_SAMPLES("execution"),
        /** The storage failed (HTTP 500, "internal"). */
        INTERNAL("internal");

        private final String apiErrorType;

        Kind(String apiErrorType) {
            this.apiErrorType = apiErrorType;
        }

        /** The errorType value of Prometheus's HTTP API for this kind. */
        public String apiErrorType() {
            return apiErrorType;
        }
    }

    private final Kind kind;

    public PromqlException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PromqlException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}

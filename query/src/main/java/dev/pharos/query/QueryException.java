package dev.pharos.query;

/**
 * A query Pharos will not run, or that the engine refused because of what the caller asked for.
 * The message is written for the person who sent the request and says what to change.
 */
public class QueryException extends RuntimeException {

    public QueryException(String message) {
        super(message);
    }

    public QueryException(String message, Throwable cause) {
        super(message, cause);
    }
}

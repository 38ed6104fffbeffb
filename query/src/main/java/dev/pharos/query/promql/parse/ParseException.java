package dev.pharos.query.promql.parse;

import dev.pharos.query.promql.ast.PositionRange;

/** A syntax or type error, with Prometheus's message form {@code 1:6: parse error: ...}. */
public final class ParseException extends RuntimeException {

    private final PositionRange position;
    private final String detail;

    ParseException(PositionRange position, String detail, String query) {
        super(position.startPosition(query) + ": parse error: " + detail);
        this.position = position;
        this.detail = detail;
    }

    public PositionRange position() {
        return position;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }
}

package dev.pharos.query.promql.ast;

/** Character offsets [start, end) of a node in the query text. */
public record PositionRange(int start, int end) {

    public static final PositionRange NONE = new PositionRange(0, 0);

    public PositionRange to(PositionRange other) {
        return new PositionRange(start, other.end);
    }

    /** "line:column" of the start, both 1-based, as Prometheus prints positions in errors and annotations. */
    public String startPosition(String query) {
        int line = 1;
        int col = 1;
        int limit = Math.min(start, query == null ? 0 : query.length());
        for (int i = 0; i < limit; i++) {
            if (query.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return line + ":" + col;
    }
}

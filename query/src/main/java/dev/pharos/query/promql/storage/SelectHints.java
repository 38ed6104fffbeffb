package dev.pharos.query.promql.storage;

import java.util.List;

/**
 * Optional information about how the engine will use a selection, for storages that can push work down.
 *
 * @param startMs  earliest timestamp needed (same as the select's minTimeMs)
 * @param endMs    latest timestamp needed
 * @param stepMs   evaluation step of the enclosing query or subquery (0 for instant queries)
 * @param rangeMs  range of the enclosing range selector, 0 for an instant selector
 * @param function name of the innermost function or aggregation applied to the selector, "" when none
 * @param by       true when grouping lists the labels to keep ("by"), false for "without"
 * @param grouping labels of the enclosing aggregation
 */
public record SelectHints(long startMs, long endMs, long stepMs, long rangeMs, String function, boolean by, List<String> grouping) {

    public SelectHints {
        function = function == null ? "" : function;
        grouping = grouping == null ? List.of() : List.copyOf(grouping);
    }
}

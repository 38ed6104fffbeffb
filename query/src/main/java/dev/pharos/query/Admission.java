package dev.pharos.query;

import dev.pharos.store.ClickHouse;
import dev.pharos.store.ClickHouseException;

/**
 * Refuses a search that would read more rows than allowed, before it runs. The engine estimates
 * from its index analysis ({@code EXPLAIN ESTIMATE}: partitions, primary key, skip indexes) in
 * milliseconds, without reading data.
 */
public final class Admission {

    private Admission() {}

    /**
     * As {@link #check(ClickHouse, String, long, String)} for a select that may read the logs' Merge
     * table, which the engine does not estimate: the estimate is asked of each dataset table instead,
     * with the same conditions (including any {@code _table} pruning, which MergeTree tables know too).
     */
    public static long check(ClickHouse clickHouse, String select, QueryOptions options, String advice) {
        String search = " " + options.logsTable() + " ";
        if (!select.contains(search)) {
            return check(clickHouse, select, options.maxScanRows(), advice);
        }
        StringBuilder union = new StringBuilder();
        for (var v : options.logTables().versions()) {
            if (!union.isEmpty()) {
                union.append(" UNION ALL ");
            }
            union.append('(').append(select.replace(search, " " + options.table(v.table()) + " ")).append(')');
        }
        return check(clickHouse, union.toString(), options.maxScanRows(), advice);
    }

    /** The estimated rows; throws a {@link QueryException} with advice when above {@code maxRows}. */
    public static long check(ClickHouse clickHouse, String select, long maxRows, String advice) {
        long rows = 0;
        try {
            String text = clickHouse.query("EXPLAIN ESTIMATE " + select, "TSV").text();
            for (String line : text.split("\n")) {
                String[] cols = line.split("\t");
                if (cols.length >= 4) {
                    rows += Long.parseLong(cols[3].strip());
                }
            }
        } catch (ClickHouseException e) {
            throw new QueryException(EngineErrors.describe(e), e);
        }
        if (rows > maxRows) {
            throw new QueryException("this search would read about " + rows + " rows, more than the limit of " + maxRows + "; " + advice);
        }
        return rows;
    }
}

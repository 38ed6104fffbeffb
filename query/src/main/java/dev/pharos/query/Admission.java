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

package dev.pharos.store.schema;

import dev.pharos.store.ClickHouse;
import java.util.List;

/**
 * Copies of the OTel tables with {@code ENGINE = Null}, in a database of their own: inserts are
 * parsed and checked by the engine, then discarded. Pointing ingest at it measures everything
 * Pharos does to a record except the MergeTree write (see {@code pharos bench ingest}).
 */
public final class NullSink {

    /** The tables ingest writes to; the trace-id view is fed by the traces table and not needed here. */
    private static final List<OtelTable> WRITTEN = List.of(OtelTable.LOGS, OtelTable.TRACES, OtelTable.GAUGE, OtelTable.SUM,
            OtelTable.HISTOGRAM, OtelTable.EXP_HISTOGRAM, OtelTable.SUMMARY);

    private NullSink() {}

    /** Creates (idempotently) {@code <database>_null} with a Null-engine twin of every written table; returns its name. */
    public static String create(ClickHouse clickHouse, String database) {
        String sink = database + "_null";
        clickHouse.execute("CREATE DATABASE IF NOT EXISTS " + sink);
        for (OtelTable t : WRITTEN) {
            clickHouse.execute("CREATE TABLE IF NOT EXISTS %s.%s AS %s.%s ENGINE = Null".formatted(sink, t.name(), database, t.name()));
        }
        // Logs are written to the datasets' ingest table (see store/dataset); without views here, they stop at it.
        String ingest = dev.pharos.store.dataset.LogTables.INGEST;
        clickHouse.execute("CREATE TABLE IF NOT EXISTS %s.%s AS %s.%s ENGINE = Null".formatted(sink, ingest, database, ingest));
        return sink;
    }
}

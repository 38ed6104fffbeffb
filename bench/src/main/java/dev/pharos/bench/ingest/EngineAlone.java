package dev.pharos.bench.ingest;

import dev.pharos.process.pipeline.PipelineOptions;
import dev.pharos.store.batch.TableBatch;
import dev.pharos.store.nativeformat.NativeBlock;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The engine's own sustained insert rate for the rows Pharos makes of the bench's requests, the
 * yardstick of the end-to-end run. Same rows ({@link PipelineBlocks}), same inserts as the
 * pipeline's inserter makes under a backlog (as many batches of the configured size as it puts in
 * one insert, as Native blocks in /dev/shm, {@code INSERT ... FROM INFILE} with a deduplication
 * token), same table and views, and the same shape in time:
 * a fresh copy of the schema, loaded for the warm-up, then measured for the measured time, with the
 * engine's merges running throughout. A fresh copy, because the tables the end-to-end run filled
 * carry its merge backlog, which would weigh on this run and not on that one.
 */
final class EngineAlone {

    private static final String SOURCE = "otel";
    private static final String COPY = "bench_engine_alone";

    private EngineAlone() {}

    static double rowsPerSecond(EmbeddedClickHouse engine, boolean traces, List<TelemetryGenerator.Payload> payloads, int batchRows,
                                Duration warmup, Duration measured) {
        List<TableBatch> batches = PipelineBlocks.make(traces, payloads, batchRows, 16);
        copySchema(engine);
        emptySource(engine);
        try {
            String table = COPY + "." + PipelineBlocks.table(traces);
            Load warm = new Load();
            warm.run(engine, table, batches, warmup);
            Load load = new Load();
            load.run(engine, table, batches, measured);
            return load.rows / load.seconds;
        } finally {
            engine.execute("DROP DATABASE IF EXISTS " + COPY + " SYNC");
        }
    }

    /**
     * Empties the tables the end-to-end run filled (already verified by then). Their parts would
     * otherwise be merged in the background during this measurement, slowing the engine alone and
     * flattering the end-to-end ratio by as much as the backlog the run left.
     */
    private static void emptySource(EmbeddedClickHouse engine) {
        String tables = engine.query("SELECT name FROM system.tables WHERE database = '" + SOURCE + "' AND engine LIKE '%MergeTree'"
                + " ORDER BY name", "TSV").text();
        for (String name : tables.strip().split("\n")) {
            if (!name.isBlank()) {
                engine.execute("TRUNCATE TABLE " + SOURCE + "." + name);
            }
        }
    }

    /** The OTel tables and their views, recreated empty in the copy database (Merge tables are not needed to insert). */
    private static void copySchema(EmbeddedClickHouse engine) {
        engine.execute("DROP DATABASE IF EXISTS " + COPY + " SYNC");
        engine.execute("CREATE DATABASE " + COPY);
        String tables = engine.query("SELECT name FROM system.tables WHERE database = '" + SOURCE + "' AND name LIKE 'otel\\\\_%'"
                + " AND engine NOT IN ('Merge', 'MaterializedView') ORDER BY name", "TSV").text();
        String views = engine.query("SELECT name FROM system.tables WHERE database = '" + SOURCE + "' AND name LIKE 'otel\\\\_%'"
                + " AND engine = 'MaterializedView' ORDER BY name", "TSV").text();
        for (String list : List.of(tables, views)) {
            for (String name : list.strip().split("\n")) {
                if (!name.isBlank()) {
                    String ddl = engine.query("SHOW CREATE TABLE " + SOURCE + "." + name, "TSVRaw").text();
                    engine.execute(ddl.replace(SOURCE + ".", COPY + "."));
                }
            }
        }
    }

    private static final class Load {
        long rows;
        double seconds;

        void run(EmbeddedClickHouse engine, String table, List<TableBatch> batches, Duration d) {
            long start = System.nanoTime();
            long end = start + d.toNanos();
            int group = PipelineOptions.MAX_BATCHES_PER_INSERT;
            for (int i = 0; System.nanoTime() < end; i += group) {
                List<NativeBlock> blocks = new ArrayList<>(group);
                for (int j = 0; j < group; j++) {
                    TableBatch b = batches.get((i + j) % batches.size());
                    blocks.add(b.block());
                    rows += b.rows();
                }
                engine.insert(table, blocks, UUID.randomUUID().toString());
            }
            seconds = (System.nanoTime() - start) / 1e9;
        }
    }
}

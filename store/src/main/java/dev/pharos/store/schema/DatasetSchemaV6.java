package dev.pharos.store.schema;

import dev.pharos.store.dataset.DatasetDdl;
import java.util.List;

/**
 * Version 6: logs are written the LogHouse way. Ingest inserts into {@code otel_logs_ingest}, a
 * Null-engine table; materialized views route each row by its {@code Dataset} into that dataset's
 * table ({@code otel_logs} for the default one), and searches read {@code otel_logs_all}, a Merge
 * table over every dataset table. Configured datasets are applied on top at each start (see
 * {@code store/dataset/DatasetMigrator}).
 */
final class DatasetSchemaV6 {

    private DatasetSchemaV6() {}

    static Migration migration(String db) {
        return new Migration(6, "Null ingest table, dataset routing views and the otel_logs_all read surface", List.of(
                DatasetDdl.createRegistry(db),
                DatasetDdl.createIngestTable(db),
                DatasetDdl.createDefaultView(db, List.of()),
                DatasetDdl.createSearchTable(db)));
    }
}

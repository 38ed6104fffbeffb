package dev.pharos.query;

import dev.pharos.store.embedded.EmbeddedClickHouse;
import dev.pharos.store.embedded.EngineOptions;
import dev.pharos.store.schema.Retention;
import dev.pharos.store.schema.SchemaMigrator;
import java.nio.file.Path;

/** The real embedded engine with the Pharos schema, for query tests. Retention off so fixed test timestamps stay. */
public final class EngineFixture {

    public static final String DB = "otel";

    private EngineFixture() {}

    public static EmbeddedClickHouse open(Path dir) {
        EmbeddedClickHouse engine = EmbeddedClickHouse.open(new EngineOptions(dir, 2L << 30, 2, "warning"));
        new SchemaMigrator(engine, DB, new Retention(0, 0, 0)).migrate();
        return engine;
    }
}

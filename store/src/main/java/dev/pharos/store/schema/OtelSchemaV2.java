package dev.pharos.store.schema;

import java.util.List;

/**
 * Version 2: {@code EventName} on logs. OTLP 1.5 gave log records an event name (browser page
 * views, Kubernetes events...); the OTel ClickHouse exporter stores it in this column too.
 */
final class OtelSchemaV2 {

    private OtelSchemaV2() {}

    static Migration migration(String db) {
        return new Migration(2, "EventName column on otel_logs", List.of(
                "ALTER TABLE " + db + ".otel_logs ADD COLUMN IF NOT EXISTS EventName LowCardinality(String) CODEC(ZSTD(1)) AFTER LogAttributes"));
    }
}

package dev.pharos.store.schema;

import dev.pharos.store.batch.DecimalSample;
import java.util.List;

/**
 * Version 7: {@code prom_samples} stores a value as a decimal mantissa and scale when that is exact
 * (see {@link DecimalSample}): scraped counters and gauges then cost about one byte per sample
 * instead of two. The raw double moves to {@code ValueFloat}, kept for the other values (and for
 * rows written before this version, whose scale defaults to raw), and {@code Value} becomes the
 * value either way (an ALIAS column), so SQL that read {@code Value} reads the same numbers.
 */
final class PromDecimalValuesV7 {

    private PromDecimalValuesV7() {}

    static Migration migration(String db) {
        return new Migration(7, "Prometheus sample values as decimal mantissa and scale", List.of(
                // Not idempotent by itself: the migrator takes its re-run (target already there) as done.
                "ALTER TABLE %s.prom_samples RENAME COLUMN IF EXISTS Value TO %s".formatted(db, DecimalSample.RAW_COLUMN),
                """
                ALTER TABLE %s.prom_samples
                    ADD COLUMN IF NOT EXISTS ValueMantissa Int64 DEFAULT 0 CODEC(T64, ZSTD(1)) AFTER %s,
                    ADD COLUMN IF NOT EXISTS ValueScale Int8 DEFAULT %d CODEC(ZSTD(1)) AFTER ValueMantissa,
                    ADD COLUMN IF NOT EXISTS Value Float64 ALIAS %s AFTER ValueScale
                """.formatted(db, DecimalSample.RAW_COLUMN, DecimalSample.RAW, DecimalSample.sqlExpression())));
    }
}

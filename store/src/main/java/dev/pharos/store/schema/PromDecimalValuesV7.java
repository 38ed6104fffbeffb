package dev.pharos.store.schema;

import dev.pharos.store.batch.DecimalSample;
import java.util.List;

/**
 * Version 7: {@code prom_samples} stores a value as a decimal mantissa and scale when that is exact
 * (see {@link DecimalSample}): scraped counters and gauges then cost about one byte per sample
 * instead of two. {@code Value} keeps the raw double for the rest, and rows written before this
 * version read their {@code Value} (their scale defaults to raw). {@code SampleValue} is the value
 * either way, for PromQL and for anyone reading the table with SQL.
 */
final class PromDecimalValuesV7 {

    private PromDecimalValuesV7() {}

    static Migration migration(String db) {
        return new Migration(7, "Prometheus sample values as decimal mantissa and scale", List.of("""
                ALTER TABLE %s.prom_samples
                    ADD COLUMN IF NOT EXISTS ValueMantissa Int64 DEFAULT 0 CODEC(T64, ZSTD(1)) AFTER Value,
                    ADD COLUMN IF NOT EXISTS ValueScale Int8 DEFAULT %d CODEC(ZSTD(1)) AFTER ValueMantissa,
                    ADD COLUMN IF NOT EXISTS SampleValue Float64 ALIAS %s AFTER ValueScale
                """.formatted(db, DecimalSample.RAW, DecimalSample.sqlExpression())));
    }
}

package dev.pharos.store.schema;

import java.util.List;

/**
 * One schema change. Statements must be idempotent (IF NOT EXISTS, ADD COLUMN IF NOT EXISTS...)
 * because a crash between the change and its record re-runs the migration at the next start; a
 * column rename, which cannot be, is taken as done when its target exists ({@link SchemaMigrator#apply}).
 */
public record Migration(int version, String description, List<String> statements) {

    public Migration {
        if (version < 1) {
            throw new IllegalArgumentException("migration versions start at 1");
        }
        statements = List.copyOf(statements);
    }
}

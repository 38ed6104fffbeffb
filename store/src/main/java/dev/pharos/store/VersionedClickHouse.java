package dev.pharos.store;

import dev.pharos.store.nativeformat.NativeBlock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Moves {@link TableVersions} on every write that goes through it; reads pass straight through. */
public final class VersionedClickHouse implements ClickHouse {

    /** A plain insert into a qualified table; quoted names, {@code INSERT INTO FUNCTION} and the like do not match. */
    private static final Pattern INSERT_INTO = Pattern.compile("\\s*INSERT\\s+INTO\\s+(?:TABLE\\s+)?([A-Za-z0-9_]+\\.[A-Za-z0-9_]+)[\\s(]",
            Pattern.CASE_INSENSITIVE);

    private final ClickHouse delegate;
    private final TableVersions versions;

    public VersionedClickHouse(ClickHouse delegate, TableVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
    }

    /**
     * An {@code INSERT INTO db.table} moves that table only (the audit trail writes one every second and must not
     * invalidate every cache); any other statement, or an insert whose target this does not recognise, moves them all.
     */
    @Override
    public void execute(String sql) {
        try {
            delegate.execute(sql);
        } finally {
            Matcher insert = INSERT_INTO.matcher(sql);
            if (insert.lookingAt()) {
                versions.inserted(insert.group(1));
            } else {
                versions.executed();
            }
        }
    }

    @Override
    public QueryResult query(String sql, String format) {
        return delegate.query(sql, format);
    }

    @Override
    public QueryResult queryReadOnly(String sql, String format, ReadLimits limits) {
        return delegate.queryReadOnly(sql, format, limits);
    }

    @Override
    public ResultStream stream(String sql, String format) {
        return delegate.stream(sql, format);
    }

    @Override
    public InsertResult insert(String table, List<NativeBlock> blocks, String dedupToken) {
        try {
            return delegate.insert(table, blocks, dedupToken);
        } finally {
            versions.inserted(table);
        }
    }

    @Override
    public void close() {
        delegate.close();
    }
}

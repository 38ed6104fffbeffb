package dev.pharos.store;

import dev.pharos.store.nativeformat.NativeBlock;
import java.util.List;

/** Moves {@link TableVersions} on every write that goes through it; reads pass straight through. */
public final class VersionedClickHouse implements ClickHouse {

    private final ClickHouse delegate;
    private final TableVersions versions;

    public VersionedClickHouse(ClickHouse delegate, TableVersions versions) {
        this.delegate = delegate;
        this.versions = versions;
    }

    @Override
    public void execute(String sql) {
        try {
            delegate.execute(sql);
        } finally {
            versions.executed();
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

package dev.pharos.store.batch;

import dev.pharos.store.nativeformat.Column;
import dev.pharos.store.nativeformat.FixedColumn;
import dev.pharos.store.nativeformat.StringColumn;
import dev.pharos.store.nativeformat.StringMapColumn;
import java.util.List;

/**
 * Rows for {@code otel_logs_ingest}, a Null-engine table whose materialized views move each row to
 * its dataset's table (see {@code store/dataset}); {@code TimestampTime} is derived by the tables' DEFAULT.
 */
public final class LogsBatch extends TableBatch {

    public static final String TABLE = dev.pharos.store.dataset.LogTables.INGEST;

    public final FixedColumn timestamp = new FixedColumn("Timestamp", "DateTime64(9)");
    public final StringColumn traceId = new StringColumn("TraceId");
    public final StringColumn spanId = new StringColumn("SpanId");
    public final FixedColumn traceFlags = new FixedColumn("TraceFlags", "UInt8");
    public final StringColumn severityText = StringColumn.lowCardinality("SeverityText");
    public final FixedColumn severityNumber = new FixedColumn("SeverityNumber", "UInt8");
    public final StringColumn serviceName = StringColumn.lowCardinality("ServiceName");
    public final StringColumn body = new StringColumn("Body");
    public final StringColumn resourceSchemaUrl = StringColumn.lowCardinality("ResourceSchemaUrl");
    public final StringMapColumn resourceAttributes = StringMapColumn.lowCardinalityKeys("ResourceAttributes");
    public final StringColumn scopeSchemaUrl = StringColumn.lowCardinality("ScopeSchemaUrl");
    public final StringColumn scopeName = new StringColumn("ScopeName");
    public final StringColumn scopeVersion = StringColumn.lowCardinality("ScopeVersion");
    public final StringMapColumn scopeAttributes = StringMapColumn.lowCardinalityKeys("ScopeAttributes");
    public final StringMapColumn logAttributes = StringMapColumn.lowCardinalityKeys("LogAttributes");
    public final StringColumn eventName = StringColumn.lowCardinality("EventName");
    /** Whose record this is; see the tenancy section of docs/security.md. */
    public final StringColumn tenant = StringColumn.lowCardinality("Tenant");
    /** Which dataset ingest chose; the views route on it. */
    public final StringColumn dataset = StringColumn.lowCardinality("Dataset");

    public LogsBatch() {
        super(TABLE);
    }

    @Override
    protected List<Column> columns() {
        return List.of(timestamp, traceId, spanId, traceFlags, severityText, severityNumber, serviceName, body,
                resourceSchemaUrl, resourceAttributes, scopeSchemaUrl, scopeName, scopeVersion, scopeAttributes, logAttributes,
                eventName, tenant, dataset);
    }
}

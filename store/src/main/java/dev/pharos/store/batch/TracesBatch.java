package dev.pharos.store.batch;

import dev.pharos.store.nativeformat.ArrayColumn;
import dev.pharos.store.nativeformat.Column;
import dev.pharos.store.nativeformat.FixedColumn;
import dev.pharos.store.nativeformat.StringColumn;
import dev.pharos.store.nativeformat.StringMapColumn;
import java.util.List;

/** Rows for {@code otel_traces}: one per span; events and links go into the Nested columns. */
public final class TracesBatch extends TableBatch {

    public static final String TABLE = "otel_traces";

    public final FixedColumn timestamp = new FixedColumn("Timestamp", "DateTime64(9)");
    public final StringColumn traceId = new StringColumn("TraceId");
    public final StringColumn spanId = new StringColumn("SpanId");
    public final StringColumn parentSpanId = new StringColumn("ParentSpanId");
    public final StringColumn traceState = new StringColumn("TraceState");
    public final StringColumn spanName = StringColumn.lowCardinality("SpanName");
    public final StringColumn spanKind = StringColumn.lowCardinality("SpanKind");
    public final StringColumn serviceName = StringColumn.lowCardinality("ServiceName");
    public final StringMapColumn resourceAttributes = StringMapColumn.lowCardinalityKeys("ResourceAttributes");
    public final StringColumn scopeName = new StringColumn("ScopeName");
    public final StringColumn scopeVersion = new StringColumn("ScopeVersion");
    public final StringMapColumn spanAttributes = StringMapColumn.lowCardinalityKeys("SpanAttributes");
    public final FixedColumn duration = new FixedColumn("Duration", "UInt64");
    public final StringColumn statusCode = StringColumn.lowCardinality("StatusCode");
    public final StringColumn statusMessage = new StringColumn("StatusMessage");
    public final ArrayColumn<FixedColumn> eventsTimestamp = new ArrayColumn<>("Events.Timestamp", new FixedColumn("", "DateTime64(9)"));
    public final ArrayColumn<StringColumn> eventsName = new ArrayColumn<>("Events.Name", new StringColumn(""));
    public final ArrayColumn<StringMapColumn> eventsAttributes = new ArrayColumn<>("Events.Attributes", new StringMapColumn(""));
    public final ArrayColumn<StringColumn> linksTraceId = new ArrayColumn<>("Links.TraceId", new StringColumn(""));
    public final ArrayColumn<StringColumn> linksSpanId = new ArrayColumn<>("Links.SpanId", new StringColumn(""));
    public final ArrayColumn<StringColumn> linksTraceState = new ArrayColumn<>("Links.TraceState", new StringColumn(""));
    public final ArrayColumn<StringMapColumn> linksAttributes = new ArrayColumn<>("Links.Attributes", new StringMapColumn(""));

    /** Whose record this is; see the tenancy section of docs/security.md. */
    public final StringColumn tenant = StringColumn.lowCardinality("Tenant");

    public TracesBatch() {
        super(TABLE);
    }

    @Override
    protected List<Column> columns() {
        return List.of(timestamp, traceId, spanId, parentSpanId, traceState, spanName, spanKind, serviceName,
                resourceAttributes, scopeName, scopeVersion, spanAttributes, duration, statusCode, statusMessage,
                eventsTimestamp, eventsName, eventsAttributes, linksTraceId, linksSpanId, linksTraceState, linksAttributes, tenant);
    }
}

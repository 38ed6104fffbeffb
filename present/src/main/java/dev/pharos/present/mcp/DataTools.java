package dev.pharos.present.mcp;

import static dev.pharos.present.mcp.Schemas.integer;
import static dev.pharos.present.mcp.Schemas.object;
import static dev.pharos.present.mcp.Schemas.props;
import static dev.pharos.present.mcp.Schemas.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.query.catalog.DataCatalog;
import dev.pharos.store.QueryResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** describe_data and run_sql. */
final class DataTools {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RESULT_CHARS = 64 * 1024;

    private DataTools() {}

    static List<ToolDef> all() {
        return List.of(describeData(), runSql());
    }

    private static ToolDef describeData() {
        return new ToolDef("describe_data", """
                Describe the telemetry stored: each table (logs, traces, metrics) with its columns and types, row count, \
                size on disk, compression ratio and the time range it covers, plus the services that sent logs or spans in \
                the last 24 hours. Call it first to plan: which services exist, how far back data goes, which columns \
                run_sql can use.""",
                object(List.of(), props()),
                args -> {
                    DataCatalog.Description d = args.explore().catalog().describe();
                    return new ToolDef.Output(d, "system.parts, system.columns, min/max of each table's time column", d.tables().size());
                });
    }

    private static ToolDef runSql() {
        return new ToolDef("run_sql", """
                Run one read-only ClickHouse SQL statement (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN) over the telemetry \
                tables, e.g. SELECT ServiceName, count() FROM otel.otel_logs_all WHERE TimestampTime > now() - INTERVAL 1 HOUR \
                GROUP BY ServiceName. Always bound the time (TimestampTime for logs, Timestamp for traces). The engine \
                enforces read-only mode, a time limit and row limits; writes, settings changes and file or network access \
                are refused. Returns columns, rows (at most max_rows) and whether they were truncated. Prefer the other \
                tools for common questions; use this for what they cannot express.""",
                object(List.of("query"), props("query", string("One ClickHouse SQL statement, read-only."),
                        "max_rows", integer("Rows to return at most (default 100).", 1, 1000))),
                args -> {
                    String sql = args.required("query");
                    int maxRows = args.integer("max_rows", 100, 1, 1000);
                    QueryResult r = args.explore().sql().run(sql, "JSON", args.admin());
                    JsonNode result;
                    try {
                        result = JSON.readTree(r.data());
                    } catch (IOException e) {
                        throw new UncheckedIOException("unreadable engine result", e);
                    }
                    List<JsonNode> rows = new ArrayList<>();
                    int chars = 0;
                    boolean truncated = false;
                    for (JsonNode row : result.path("data")) {
                        chars += row.toString().length();
                        if (rows.size() >= maxRows || chars > MAX_RESULT_CHARS) {
                            truncated = true;
                            break;
                        }
                        rows.add(row);
                    }
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("columns", result.path("meta"));
                    out.put("rows", rows);
                    out.put("total_rows", result.path("rows").asLong());
                    out.put("truncated", truncated);
                    out.put("elapsed_ms", Math.round(r.elapsedSeconds() * 1e6) / 1e3);
                    return new ToolDef.Output(out, sql, rows.size());
                });
    }
}

package dev.pharos.query.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.Rows;
import dev.pharos.query.Sql;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What data there is: the telemetry tables, their columns, size, time coverage and the services sending. */
public final class DataCatalog {

    /** @param firstTime oldest record (ISO-8601), null when empty */
    public record Table(String name, String signal, long rows, long bytesOnDisk, double compressionRatio, String firstTime,
                        String lastTime, List<Column> columns) {}

    public record Column(String name, String type) {}

    /** Records per service over the last 24 hours. */
    public record ServiceSeen(String service, long logs, long spans) {}

    public record Description(String database, List<Table> tables, List<ServiceSeen> servicesLast24h) {}

    private static final Map<String, String> TIME_COLUMN = Map.of("otel_traces", "Timestamp");

    private final dev.pharos.store.ClickHouse clickHouse;
    private final QueryOptions options;

    public DataCatalog(dev.pharos.store.ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.options = options;
    }

    /** The same searches, seeing only {@code tenants}' rows. */
    public DataCatalog scopedTo(dev.pharos.access.Tenants tenants) {
        return new DataCatalog(clickHouse, options.scopedTo(tenants));
    }

    /** The log datasets' tables (see {@link DatasetCatalog}). */
    public DatasetCatalog.Listing datasets() {
        return new DatasetCatalog(clickHouse, options).list();
    }

    public Description describe() {
        String db = Sql.string(options.database());
        Map<String, List<Column>> columns = new LinkedHashMap<>();
        for (JsonNode r : Rows.query(clickHouse, "SELECT table, name, type FROM system.columns WHERE database = " + db
                + " AND (table LIKE 'otel\\\\_%' OR table LIKE 'logs\\\\_%') AND table NOT LIKE '%\\\\_mv' AND table != 'otel_logs_ingest'"
                + " ORDER BY table, position").rows()) {
            columns.computeIfAbsent(r.get("table").asText(), k -> new ArrayList<>()).add(new Column(r.get("name").asText(), r.get("type").asText()));
        }
        Map<String, JsonNode> parts = new LinkedHashMap<>();
        boolean confined = !options.tenants().isAll();
        for (JsonNode r : Rows.query(clickHouse, "SELECT table, sum(rows) AS rows, sum(bytes_on_disk) AS bytes, sum(data_uncompressed_bytes) AS raw "
                + "FROM system.parts WHERE database = " + db + " AND active GROUP BY table").rows()) {
            parts.put(r.get("table").asText(), r);
        }
        List<Table> tables = new ArrayList<>();
        for (var e : columns.entrySet()) {
            String name = e.getKey();
            JsonNode p = parts.get(name);
            long rows = p == null ? 0 : Rows.longValue(p.get("rows"));
            // Sizes are per table, shared by every tenant: a caller confined to some tenants gets its
            // own row count and no sizes.
            long bytes = p == null || confined ? 0 : Rows.longValue(p.get("bytes"));
            long raw = p == null || confined ? 0 : Rows.longValue(p.get("raw"));
            if (confined && rows > 0) {
                rows = Rows.longValue(Rows.query(clickHouse, "SELECT count() AS n FROM " + options.table(name) + options.settings())
                        .rows().getFirst().get("n"));
            }
            String first = null;
            String last = null;
            boolean logs = name.startsWith("otel_logs") || name.startsWith("logs_");
            String time = logs ? "Timestamp" : TIME_COLUMN.getOrDefault(name, name.startsWith("otel_metrics") ? "TimeUnix" : null);
            if (time != null && rows > 0) {
                JsonNode r = Rows.query(clickHouse, "SELECT toUnixTimestamp64Nano(min(" + time + ")) AS a, toUnixTimestamp64Nano(max(" + time + ")) AS b FROM "
                        + options.table(name) + options.settings()).rows().getFirst();
                first = Instant.ofEpochSecond(0, Rows.longValue(r.get("a"))).toString();
                last = Instant.ofEpochSecond(0, Rows.longValue(r.get("b"))).toString();
            }
            String signal = logs ? "logs" : name.startsWith("otel_traces") ? "traces" : "metrics";
            tables.add(new Table(name, signal, rows, bytes, bytes == 0 ? 0 : Math.round(raw * 10.0 / bytes) / 10.0, first, last, e.getValue()));
        }
        List<ServiceSeen> services = new ArrayList<>();
        for (JsonNode r : Rows.query(clickHouse, "SELECT service, sum(l) AS logs, sum(s) AS spans FROM ("
                + "SELECT ServiceName AS service, count() AS l, 0 AS s FROM " + options.logsTable()
                + " WHERE TimestampTime >= now() - INTERVAL 1 DAY GROUP BY service UNION ALL "
                + "SELECT ServiceName AS service, 0 AS l, count() AS s FROM " + options.table("otel_traces")
                + " WHERE Timestamp >= now64(9) - INTERVAL 1 DAY GROUP BY service) GROUP BY service ORDER BY service" + options.settings()).rows()) {
            services.add(new ServiceSeen(r.get("service").asText(), Rows.longValue(r.get("logs")), Rows.longValue(r.get("spans"))));
        }
        return new Description(options.database(), tables, services);
    }
}

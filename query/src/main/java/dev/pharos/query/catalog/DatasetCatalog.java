package dev.pharos.query.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.Rows;
import dev.pharos.query.Sql;
import dev.pharos.store.ClickHouse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The log datasets as {@code pharos datasets} and {@code GET /api/datasets} show them: each table
 * version with the time it covers, its rows, its size on disk and its compression ratio.
 */
public final class DatasetCatalog {

    // Reached through DataCatalog#datasets, which carries the caller's tenant scope.

    private final ClickHouse clickHouse;
    private final QueryOptions options;

    DatasetCatalog(ClickHouse clickHouse, QueryOptions options) {
        this.clickHouse = clickHouse;
        this.options = options;
    }

    /**
     * @param current whether the table receives rows now (false: an older version or a dataset no longer configured)
     * @param compressedBytes on disk; 0 for a caller confined to some tenants (sizes are shared by all tenants)
     * @param firstRow earliest row time, null when empty
     */
    public record Table(String dataset, int version, String table, boolean current, int retentionDays, String createdAt, String retiredAt,
                        long rows, long compressedBytes, long uncompressedBytes, double ratio, String firstRow, String lastRow) {}

    public record Listing(List<Table> tables) {}

    public Listing list() {
        String db = Sql.string(options.database());
        boolean confined = !options.tenants().isAll();
        Map<String, JsonNode> parts = new HashMap<>();
        for (JsonNode r : Rows.query(clickHouse, "SELECT table, sum(rows) AS rows, sum(data_compressed_bytes) AS c, sum(data_uncompressed_bytes) AS u,"
                + " toUnixTimestamp(min(min_time)) AS a, toUnixTimestamp(max(max_time)) AS b FROM system.parts WHERE database = " + db
                + " AND active GROUP BY table").rows()) {
            parts.put(r.get("table").asText(), r);
        }
        List<Table> out = new ArrayList<>();
        for (JsonNode r : Rows.query(clickHouse, "SELECT Dataset, Version, TableName, RetentionDays, toString(CreatedAt) AS created,"
                + " RetiredAt = 0 AS current, toString(RetiredAt) AS retired FROM " + options.table("pharos_datasets")
                + " FINAL ORDER BY Dataset = 'default', Dataset, Version").rows()) {
            String table = r.get("TableName").asText();
            JsonNode p = parts.get(table);
            long rows = p == null ? 0 : Rows.longValue(p.get("rows"));
            long c = p == null || confined ? 0 : Rows.longValue(p.get("c"));
            long u = p == null || confined ? 0 : Rows.longValue(p.get("u"));
            String first = p == null ? null : Instant.ofEpochSecond(Rows.longValue(p.get("a"))).toString();
            String last = p == null ? null : Instant.ofEpochSecond(Rows.longValue(p.get("b"))).toString();
            if (confined && rows > 0) {
                rows = Rows.longValue(Rows.query(clickHouse, "SELECT count() AS n FROM " + options.table(table) + options.settings())
                        .rows().getFirst().get("n"));
            }
            boolean current = r.get("current").asInt() == 1;
            out.add(new Table(r.get("Dataset").asText(), r.get("Version").asInt(), table, current, r.get("RetentionDays").asInt(),
                    r.get("created").asText(), current ? null : r.get("retired").asText(), rows, c, u,
                    c == 0 ? 0 : Math.round(u * 10.0 / c) / 10.0, first, last));
        }
        return new Listing(out);
    }
}

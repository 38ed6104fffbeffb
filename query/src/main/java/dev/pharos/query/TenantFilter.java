package dev.pharos.query;

import dev.pharos.access.Tenants;
import dev.pharos.store.dataset.LogTables;
import dev.pharos.store.schema.OtelTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Confines a caller to its tenants, in the engine: the returned filters go into the
 * {@code additional_table_filters} setting, which ClickHouse applies to every read of those tables
 * wherever it appears in a query (subqueries, joins, UNION, CTEs, views). For SQL written by users
 * the setting is fixed on a {@code readonly} connection before their statement runs, so no
 * statement can lift it; Pharos's own queries carry it in their SETTINGS clause.
 */
public final class TenantFilter {

    /**
     * Engine tables that show other callers' statements with their literals (search text, trace ids,
     * tenant names): empty for a caller confined to some tenants. Sizes of the shared tables
     * ({@code system.parts}, {@code system.tables}) stay visible: volume, not content.
     */
    static final List<String> SYSTEM_TABLES = List.of("system.query_log", "system.query_thread_log", "system.query_views_log",
            "system.processes", "system.text_log", "system.trace_log", "system.session_log", "system.errors",
            "system.asynchronous_insert_log", "system.processors_profile_log", "system.opentelemetry_span_log",
            "system.mutations");

    private TenantFilter() {}

    /** Table (db.table) to condition for a caller confined to {@code tenants}; empty when they see every tenant. */
    public static Map<String, String> filters(String database, Tenants tenants, LogTables logTables) {
        if (tenants.isAll()) {
            return Map.of();
        }
        StringBuilder in = new StringBuilder("Tenant IN (");
        for (String t : tenants.names()) {
            in.append(Sql.string(t)).append(", ");
        }
        // Trace-id lookup rows from before tenancy have an empty tenant (see schema version 4): the default tenant's.
        in.append(tenants.allows(Tenants.DEFAULT) ? "''" : "NULL").append(')');
        Map<String, String> filters = new LinkedHashMap<>();
        for (OtelTable t : OtelTable.TENANT_SCOPED) {
            filters.put(database + "." + t.name(), in.toString());
        }
        filters.put(database + ".otel_traces_trace_id_ts_mv", in.toString());
        for (String t : logTables.tenantTables()) {
            filters.put(database + "." + t, in.toString());
        }
        StringBuilder audit = new StringBuilder("hasAny(splitByChar(',', Tenants), [");
        for (String t : tenants.names()) {
            audit.append(audit.charAt(audit.length() - 1) == '[' ? "" : ", ").append(Sql.string(t));
        }
        filters.put(database + "." + OtelTable.AUDIT.name(), audit.append("])").toString());
        for (String s : SYSTEM_TABLES) {
            filters.put(s, "0");
        }
        return filters;
    }
}

package dev.pharos.present.api;

import dev.pharos.access.Tenants;
import dev.pharos.query.alerting.RuleManager;
import dev.pharos.query.attributes.AttributeDiscovery;
import dev.pharos.query.audit.AuditLog;
import dev.pharos.query.catalog.DataCatalog;
import dev.pharos.query.logs.LogPatterns;
import dev.pharos.query.logs.LogSearch;
import dev.pharos.query.promql.clickhouse.PromReader;
import dev.pharos.query.sql.SqlConsole;
import dev.pharos.query.traces.TraceSearch;

/**
 * The query side the explore API and the MCP tools serve.
 *
 * @param freshness asked for while a live tail is open, so buffered logs reach the table within a second
 * @param rules the rule engine, or null when alerting is off
 */
public record Explore(LogSearch logs, TraceSearch traces, AttributeDiscovery attributes, SqlConsole sql, Freshness freshness,
                      LogPatterns patterns, DataCatalog catalog, AuditLog audit, PromReader prometheus, RuleManager rules) {

    /** Lets live tail ask the ingest pipeline to write logs sooner than its normal batch age. */
    @FunctionalInterface
    public interface Freshness {
        /** Held while a tail is open; closing it gives the normal batching back. */
        AutoCloseable demand();
    }

    /** The same query side, seeing only {@code tenants}' data (enforced by the engine, see TenantFilter). */
    public Explore scopedTo(Tenants tenants) {
        if (tenants.isAll()) {
            return this;
        }
        LogSearch scopedLogs = logs.scopedTo(tenants);
        return new Explore(scopedLogs, traces.scopedTo(tenants), attributes.scopedTo(tenants),
                sql.scopedTo(logs.options().scopedTo(tenants)), freshness, new LogPatterns(scopedLogs), catalog.scopedTo(tenants), audit,
                prometheus.scopedTo(tenants), rules);
    }
}

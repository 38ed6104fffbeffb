package dev.pharos.query;

import dev.pharos.access.Tenants;
import dev.pharos.store.ReadLimits;
import dev.pharos.store.dataset.LogTables;
import java.time.Duration;
import java.util.Map;

/**
 * How searches run.
 *
 * @param database the database holding the OTel tables
 * @param defaultWindow the window searched when a request gives no start time
 * @param maxScanRows a search whose estimate (from the primary key and partitions) exceeds this is
 *     refused with advice to narrow it, instead of scanning for minutes
 * @param timeout engine-side limit for every search query
 * @param maxLimit the largest page a request may ask for
 * @param tenants whose rows the searches see (see {@link TenantFilter})
 * @param logTables the log datasets' tables, which log searches read through one Merge table
 */
public record QueryOptions(String database, Duration defaultWindow, long maxScanRows, Duration timeout, int maxLimit, Tenants tenants,
                           LogTables logTables) {

    /** Options seeing every tenant. */
    public QueryOptions(String database, Duration defaultWindow, long maxScanRows, Duration timeout, int maxLimit) {
        this(database, defaultWindow, maxScanRows, timeout, maxLimit, Tenants.all(), LogTables.defaultOnly());
    }

    public QueryOptions {
        if (defaultWindow.isNegative() || defaultWindow.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("default window and timeout must be positive");
        }
        if (maxScanRows < 1 || maxLimit < 1) {
            throw new IllegalArgumentException("max scan rows and max limit must be positive");
        }
    }

    public static QueryOptions defaults(String database) {
        return new QueryOptions(database, Duration.ofMinutes(15), 2_000_000_000L, Duration.ofSeconds(30), 100_000);
    }

    /** The same options, confined to {@code scope}. */
    public QueryOptions scopedTo(Tenants scope) {
        return new QueryOptions(database, defaultWindow, maxScanRows, timeout, maxLimit, scope, logTables);
    }

    /** The same options, with the log tables the datasets left at start-up. */
    public QueryOptions withLogTables(LogTables tables) {
        return new QueryOptions(database, defaultWindow, maxScanRows, timeout, maxLimit, tenants, tables);
    }

    /** Table (db.table) to condition confining reads to {@link #tenants}; empty when they see all. */
    public Map<String, String> tenantFilters() {
        return TenantFilter.filters(database, tenants, logTables);
    }

    /** The table log searches read: every dataset's rows. */
    public String logsTable() {
        return table(LogTables.SEARCH);
    }

    /** The SETTINGS clause every search query ends with; it carries the tenant filters. */
    public String settings() {
        String s = " SETTINGS max_execution_time = " + Math.max(1, timeout.toSeconds()) + ", timeout_overflow_mode = 'throw'";
        Map<String, String> filters = tenantFilters();
        return filters.isEmpty() ? s : s + ", additional_table_filters = " + ReadLimits.tableFiltersSetting(filters);
    }

    public String table(String name) {
        return database + "." + name;
    }
}

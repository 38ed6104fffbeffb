package dev.pharos.query.sql;

import dev.pharos.query.EngineErrors;
import dev.pharos.query.QueryException;
import dev.pharos.store.ClickHouse;
import dev.pharos.store.ClickHouseException;
import dev.pharos.store.QueryResult;
import dev.pharos.store.ReadLimits;
import java.util.List;

/** Runs SQL written by users: vetted by {@link SqlGuard}, then executed read-only under fixed limits. */
public final class SqlConsole {

    /** Output formats a client may ask for; all are text and streamable. */
    public static final List<String> FORMATS = List.of("JSON", "JSONCompact", "JSONEachRow", "TSV", "TSVWithNames", "CSV",
            "CSVWithNames");

    private final ClickHouse clickHouse;
    private final ReadLimits limits;
    private final List<String> adminOnlyTables;

    /** @param adminOnlyTables tables (db.table) whose rows only admins see, e.g. the audit log */
    public SqlConsole(ClickHouse clickHouse, ReadLimits limits, List<String> adminOnlyTables) {
        this.clickHouse = clickHouse;
        this.limits = limits;
        this.adminOnlyTables = List.copyOf(adminOnlyTables);
    }

    /** The same console, seeing only the rows {@code scoped}'s tenants may see (enforced by the engine). */
    public SqlConsole scopedTo(dev.pharos.query.QueryOptions scoped) {
        return new SqlConsole(clickHouse, limits.filtering(scoped.tenantFilters()), adminOnlyTables);
    }

    public ReadLimits limits() {
        return limits;
    }

    /**
     * The result in {@code format}; a {@link QueryException} for a refused statement or an engine
     * error. Unless {@code admin}, the admin-only tables read as empty, enforced by the engine.
     */
    public QueryResult run(String sql, String format, boolean admin) {
        String f = FORMATS.stream().filter(x -> x.equalsIgnoreCase(format)).findFirst()
                .orElseThrow(() -> new QueryException("unknown format '" + format + "'; use one of " + String.join(", ", FORMATS)));
        String statement = SqlGuard.check(sql);
        try {
            return clickHouse.queryReadOnly(statement, f, admin ? limits : limits.hiding(adminOnlyTables));
        } catch (ClickHouseException e) {
            throw new QueryException(EngineErrors.describe(e), e);
        }
    }
}

package dev.pharos.query.audit;

import dev.pharos.query.Sql;
import dev.pharos.store.ClickHouse;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one row per query run on someone's behalf into {@code pharos_audit}. An audit write that
 * fails is logged, never turned into a failure of the query it describes.
 */
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_TEXT = 64 * 1024;

    /** One audited action. */
    public record Entry(Instant time, String identity, String channel, String action, String arguments, String statement,
                        long resultRows, double durationMs, String error) {}

    private final ClickHouse clickHouse;
    private final String table;

    public AuditLog(ClickHouse clickHouse, String database) {
        this.clickHouse = clickHouse;
        this.table = database + ".pharos_audit";
    }

    public void record(Entry e) {
        try {
            clickHouse.execute("INSERT INTO " + table + " (Timestamp, Identity, Channel, Action, Arguments, Statement, ResultRows, DurationMs, Error) VALUES ("
                    + "fromUnixTimestamp64Milli(toInt64(" + e.time().toEpochMilli() + ")), " + Sql.string(cut(e.identity())) + ", "
                    + Sql.string(cut(e.channel())) + ", " + Sql.string(cut(e.action())) + ", " + Sql.string(cut(e.arguments())) + ", "
                    + Sql.string(cut(e.statement())) + ", " + Math.max(0, e.resultRows()) + ", " + e.durationMs() + ", "
                    + Sql.string(cut(e.error())) + ")");
        } catch (RuntimeException ex) {
            log.warn("could not write the audit record of {} by {}: {}", e.action(), e.identity(), ex.getMessage());
        }
    }

    private static String cut(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT) + "…";
    }
}

package dev.pharos.store.schema;

/**
 * How many days each signal is kept; 0 keeps data forever. Whole parts are dropped when they
 * expire ({@code ttl_only_drop_parts = 1}), which is cheap because tables are partitioned by day.
 */
public record Retention(int logsDays, int tracesDays, int metricsDays, int auditDays) {

    public static final Retention DEFAULT = new Retention(30, 30, 90, 90);

    /** With the default audit retention (90 days). */
    public Retention(int logsDays, int tracesDays, int metricsDays) {
        this(logsDays, tracesDays, metricsDays, 90);
    }

    public Retention {
        check("logs", logsDays);
        check("traces", tracesDays);
        check("metrics", metricsDays);
        check("audit", auditDays);
    }

    private static void check(String signal, int days) {
        if (days < 0 || days > 36_500) {
            throw new IllegalArgumentException("retention for " + signal + " must be 0 (forever) to 36500 days, got " + days);
        }
    }
}

package dev.pharos.query.logs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pharos.query.Admission;
import dev.pharos.query.QueryStats;
import dev.pharos.query.Rows;
import dev.pharos.query.Sql;
import dev.pharos.query.time.TimeRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups log bodies into templates (numbers, hex ids, UUIDs and IP addresses replaced by
 * placeholders) and counts them inside the engine, one GROUP BY per window. Compared with a
 * baseline window, new templates come first, then those whose rate grew most: "what is different
 * since 10:05?" in one call.
 */
public final class LogPatterns {

    /**
     * One template. {@code baselineCount} and {@code change} are null without a baseline;
     * {@code change} is "new", "gone" never appears (only templates of the window are listed), or
     * the rate change in percent.
     */
    public record Pattern(String template, long count, String sample, Long baselineCount, String change) {}

    public record Result(List<Pattern> patterns, long totalRecords, String sql, QueryStats stats) {}

    /** The template of a body, in SQL: the order matters (UUIDs before hex before numbers). */
    static final String TEMPLATE = "substring(replaceRegexpAll(replaceRegexpAll(replaceRegexpAll(replaceRegexpAll(Body, "
            + Sql.string("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}") + ", '<uuid>'), "
            + Sql.string("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b") + ", '<ip>'), "
            + Sql.string("\\b[0-9a-fA-F]*[0-9][0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*\\b|\\b[0-9a-fA-F]*[a-fA-F][0-9a-fA-F]*[0-9][0-9a-fA-F]*\\b") + ", '<hex>'), "
            + Sql.string("\\d+(?:\\.\\d+)?") + ", '<num>'), 1, 300)";

    private final LogSearch search;

    public LogPatterns(LogSearch search) {
        this.search = search;
    }

    /** The top {@code limit} templates of the query's window, ranked against {@code baseline} when given. */
    public Result patterns(LogQuery q, TimeRange baseline, int limit) {
        Window current = window(q, q.range());
        List<Pattern> out = new ArrayList<>();
        if (baseline == null) {
            current.rows.stream().limit(limit).forEach(r -> out.add(new Pattern(r.template, r.count, r.sample, null, null)));
            return new Result(out, current.total, current.sql, current.stats);
        }
        Window before = window(q, baseline);
        Map<String, Long> beforeCounts = new HashMap<>();
        before.rows.forEach(r -> beforeCounts.put(r.template, r.count));
        double nowMinutes = q.range().length().toMillis() / 60000.0;
        double beforeMinutes = baseline.length().toMillis() / 60000.0;
        List<Ranked> ranked = new ArrayList<>();
        for (Row r : current.rows) {
            long b = beforeCounts.getOrDefault(r.template, 0L);
            double growth = b == 0 ? Double.POSITIVE_INFINITY : (r.count / nowMinutes) / (b / beforeMinutes);
            String change = b == 0 ? "new" : String.format("%+.0f%%", (growth - 1) * 100);
            ranked.add(new Ranked(new Pattern(r.template, r.count, r.sample, b, change), growth));
        }
        ranked.sort(Comparator.comparingDouble((Ranked x) -> -x.growth).thenComparingLong(x -> -x.pattern.count()));
        ranked.stream().limit(limit).forEach(x -> out.add(x.pattern));
        return new Result(out, current.total, current.sql + ";\n" + before.sql, current.stats.plus(before.stats));
    }

    private record Ranked(Pattern pattern, double growth) {}

    private record Row(String template, long count, String sample) {}

    private record Window(List<Row> rows, long total, String sql, QueryStats stats) {}

    private Window window(LogQuery q, TimeRange range) {
        List<String> where = search.conditions(range, q.filters(), q.text());
        String select = "SELECT " + TEMPLATE + " AS template, count() AS n, any(Body) AS sample, sum(n) OVER () AS total FROM "
                + search.options().logsTable() + " WHERE " + String.join(" AND ", where)
                + " GROUP BY template ORDER BY n DESC, template LIMIT 500";
        Admission.check(search.clickHouse(), select, search.options(), "narrow the time window or filter on service");
        String sql = select + search.options().settings();
        Rows.Result result = Rows.query(search.clickHouse(), sql);
        List<Row> rows = new ArrayList<>();
        long total = 0;
        for (JsonNode r : result.rows()) {
            rows.add(new Row(r.get("template").asText(), Rows.longValue(r.get("n")), r.get("sample").asText()));
            total = Rows.longValue(r.get("total"));
        }
        return new Window(rows, total, sql, result.stats());
    }
}

package dev.pharos.query.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pharos.access.Tenants;
import dev.pharos.query.Filter;
import dev.pharos.query.QueryException;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one grouped statement of a logs or traces rule, and how its rows become series. */
class RuleSqlTest {

    static final long T = Instant.parse("2026-11-28T10:05:00Z").toEpochMilli();
    static final QueryOptions OPTIONS = QueryOptions.defaults("otel");

    @Test
    void logsRuleIsOneGroupedQueryWithTheConditionAsHaving() {
        LogRuleQuery q = new LogRuleQuery(List.of(Filter.parse("severity=ERROR"), Filter.parse("namespace=shop")), "timeout",
                List.of("namespace", "attr.http.route"), 300_000, LogRuleQuery.Measure.COUNT, Condition.parse("> 50"));
        assertThat(q.sql(T, OPTIONS)).isEqualTo("SELECT ResourceAttributes['k8s.namespace.name'] AS g0, LogAttributes['http.route'] AS g1, "
                + "count() AS value FROM otel.otel_logs_all WHERE TimestampTime >= toDateTime(1795860000) AND TimestampTime <= toDateTime(1795860300) "
                + "AND Timestamp >= fromUnixTimestamp64Nano(toInt64(1795860000000000000)) "
                + "AND Timestamp < fromUnixTimestamp64Nano(toInt64(1795860300000000000)) "
                + "AND " + dev.pharos.query.FieldMap.LOG_LEVEL + " = 'ERROR' AND ResourceAttributes['k8s.namespace.name'] = 'shop' "
                + "AND (hasToken(Body, 'timeout') OR hasToken(Body, 'Timeout') OR hasToken(Body, 'TIMEOUT')) "
                + "GROUP BY g0, g1 HAVING value > 50 LIMIT 50001 SETTINGS max_execution_time = 30, timeout_overflow_mode = 'throw'");
    }

    @Test
    void logsRateWithoutGroupsOrCondition() {
        LogRuleQuery q = new LogRuleQuery(List.of(), "", List.of(), 60_000, LogRuleQuery.Measure.RATE, null);
        String sql = q.sql(T, OPTIONS);
        assertThat(sql).startsWith("SELECT count() / 60 AS value FROM otel.otel_logs_all WHERE ").doesNotContain("GROUP BY").doesNotContain("HAVING");
    }

    @Test
    void tenantScopeIsCarried() {
        LogRuleQuery q = new LogRuleQuery(List.of(), "", List.of(), 60_000, LogRuleQuery.Measure.COUNT, null);
        assertThat(q.sql(T, OPTIONS.scopedTo(Tenants.of("acme")))).contains("additional_table_filters");
    }

    @Test
    void tracesQuantileRule() {
        TraceRuleQuery q = new TraceRuleQuery(List.of(new Filter("service", Filter.Op.EQ, "checkout")), List.of("name"), 300_000,
                TraceRuleQuery.Measure.QUANTILE, 0.99, Condition.parse("> 2s"));
        assertThat(q.sql(T, OPTIONS)).isEqualTo("SELECT SpanName AS g0, quantile(0.99)(Duration) / 1e9 AS value FROM otel.otel_traces "
                + "WHERE Timestamp >= fromUnixTimestamp64Nano(toInt64(1795860000000000000)) "
                + "AND Timestamp < fromUnixTimestamp64Nano(toInt64(1795860300000000000)) AND ServiceName = 'checkout' "
                + "GROUP BY g0 HAVING count() > 0 AND value > 2 LIMIT 50001 SETTINGS max_execution_time = 30, timeout_overflow_mode = 'throw'");
    }

    @Test
    void tracesMeasures() {
        for (TraceRuleQuery.Measure m : TraceRuleQuery.Measure.values()) {
            String sql = new TraceRuleQuery(List.of(), List.of("service"), 60_000, m, 0.5, null).sql(T, OPTIONS);
            assertThat(sql).as(m.name()).startsWith("SELECT ServiceName AS g0, ").contains(" GROUP BY g0");
        }
        assertThat(new TraceRuleQuery(List.of(), List.of(), 60_000, TraceRuleQuery.Measure.ERROR_RATIO, 0, null).sql(T, OPTIONS))
                .contains("countIf(StatusCode = 'Error') / count() AS value").contains("HAVING count() > 0");
        assertThat(new TraceRuleQuery(List.of(), List.of(), 60_000, TraceRuleQuery.Measure.ERRORS, 0, null).sql(T, OPTIONS))
                .doesNotContain("HAVING");
    }

    @Test
    void valuesFromRequestsAreLiterals() {
        LogRuleQuery q = new LogRuleQuery(List.of(Filter.parse("service=a' OR 1=1 --")), "", List.of(), 60_000, LogRuleQuery.Measure.COUNT, null);
        assertThat(q.sql(T, OPTIONS)).contains("ServiceName = 'a\\' OR 1=1 --'");
    }

    @Test
    void invalidRulesAreRefused() {
        assertThatThrownBy(() -> new LogRuleQuery(List.of(), "", List.of("nope"), 60_000, LogRuleQuery.Measure.COUNT, null))
                .isInstanceOf(QueryException.class).hasMessageContaining("unknown field 'nope'");
        assertThatThrownBy(() -> new LogRuleQuery(List.of(), "", List.of("attr.a.b", "attr.a_b"), 60_000, LogRuleQuery.Measure.COUNT, null))
                .hasMessageContaining("both become the label 'attr_a_b'");
        assertThatThrownBy(() -> new TraceRuleQuery(List.of(), List.of(), 60_000, TraceRuleQuery.Measure.QUANTILE, 1.5, null))
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new LogRuleQuery(List.of(), "\"unclosed", List.of(), 60_000, LogRuleQuery.Measure.COUNT, null))
                .hasMessageContaining("unterminated quote");
    }

    @Test
    void rowsBecomeSeriesWithOneLabelPerGroupField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rows = new ArrayList<>();
        rows.add(json.readTree("{\"g0\":\"shop\",\"g1\":\"/cart\",\"value\":\"57\"}"));
        rows.add(json.readTree("{\"g0\":\"shop\",\"g1\":\"\",\"value\":51}"));
        rows.add(json.readTree("{\"g0\":\"x\",\"g1\":\"y\",\"value\":null}"));
        LogRuleQuery q = new LogRuleQuery(List.of(), "", List.of("namespace", "attr.http.route"), 60_000, LogRuleQuery.Measure.COUNT, null);
        List<Sample> samples = q.samples(rows, T);
        assertThat(samples.get(0)).isEqualTo(new Sample(Labels.of("namespace", "shop", "attr_http_route", "/cart"), T, 57));
        // An empty group value is an absent label, as in Prometheus.
        assertThat(samples.get(1).labels()).isEqualTo(Labels.of("namespace", "shop"));
        assertThat(samples.get(2).value()).isNaN();
    }
}

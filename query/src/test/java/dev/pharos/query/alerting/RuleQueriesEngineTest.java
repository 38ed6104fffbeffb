package dev.pharos.query.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pharos.query.EngineFixture;
import dev.pharos.query.Filter;
import dev.pharos.query.QueryOptions;
import dev.pharos.query.promql.EngineOptions;
import dev.pharos.query.promql.clickhouse.PromReader;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.Sample;
import dev.pharos.store.embedded.EmbeddedClickHouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs and traces rules against the real embedded engine: one grouped statement, the right counts and
 * quantiles per group. Skipped when the engine library is not given (-Dpharos.chdb.lib=...).
 */
class RuleQueriesEngineTest {

    static final long T = Instant.parse("2026-11-28T10:05:00Z").toEpochMilli();

    @TempDir
    static Path dir;
    static EmbeddedClickHouse engine;
    static EngineRuleQueries queries;

    @BeforeAll
    static void start() {
        String lib = System.getProperty("pharos.chdb.lib", "");
        assumeTrue(!lib.isBlank() && Files.isRegularFile(Path.of(lib)), "engine library not configured (-Dpharos.chdb.lib)");
        engine = EngineFixture.open(dir.resolve("data"));
        // 600 records over 10:00:00-10:04:59.5; shop gets errors on every third record, "timeout" on every sixth.
        engine.execute("""
                INSERT INTO otel.otel_logs (Timestamp, ServiceName, SeverityNumber, SeverityText, Body, ResourceAttributes, LogAttributes)
                SELECT toDateTime64('2026-11-28 10:00:00', 9, 'UTC') + toIntervalMillisecond(number * 500),
                       if(number % 2 = 0, 'cart', 'checkout'),
                       if(number % 3 = 0, 17, 9), if(number % 3 = 0, 'ERROR', 'INFO'),
                       concat('request ', toString(number), if(number % 6 = 0, ' failed: upstream timeout', ' ok')),
                       map('k8s.namespace.name', if(number % 4 < 2, 'shop', 'ops'), 'k8s.pod.name', concat('pod-', toString(number % 3))),
                       map('http.route', if(number % 5 = 0, '/pay', '/cart'))
                FROM numbers(600)""");
        // Spans: checkout's 'GET /checkout' takes 1..100 ms plus one 3 s outlier; every tenth is an error.
        engine.execute("INSERT INTO otel.otel_traces (Timestamp, TraceId, SpanId, SpanName, SpanKind, ServiceName, Duration, StatusCode) "
                + "SELECT toDateTime64('2026-11-28 10:02:00', 9, 'UTC') + toIntervalSecond(number), lower(hex(toFixedString(concat('t', "
                + "leftPad(toString(number), 15, '0')), 16))), '00000000000000c1', if(number < 100, 'GET /checkout', 'POST /pay'), 'Server', "
                + "'checkout', if(number = 0, 3000000000, (number + 1) * 1000000), if(number % 10 = 0, 'Error', 'Ok') FROM numbers(150)");
        queries = EngineRuleQueries.of(new PromReader(engine, QueryOptions.defaults(EngineFixture.DB), EngineOptions.defaults()));
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void logsCountByNamespaceWithTextAndCondition() {
        LogRuleQuery q = new LogRuleQuery(List.of(Filter.parse("severity=ERROR")), "timeout", List.of("namespace"), 300_000,
                LogRuleQuery.Measure.COUNT, Condition.parse("> 40"));
        // Errors with "timeout": number % 6 = 0, 100 of them; shop has number % 4 < 2.
        List<Sample> samples = queries.logs(q, T);
        assertThat(samples).containsExactlyInAnyOrder(new Sample(Labels.of("namespace", "shop"), T, 50), new Sample(Labels.of("namespace", "ops"), T, 50));
        LogRuleQuery strict = new LogRuleQuery(List.of(Filter.parse("severity=ERROR"), Filter.parse("namespace=shop")), "", List.of(),
                300_000, LogRuleQuery.Measure.COUNT, Condition.parse("> 50"));
        assertThat(queries.logs(strict, T)).containsExactly(new Sample(Labels.empty(), T, 100));
    }

    @Test
    void logsRateAndEmptyWindows() {
        LogRuleQuery rate = new LogRuleQuery(List.of(), "", List.of("service"), 60_000, LogRuleQuery.Measure.RATE, null);
        // The last minute holds 120 records, 60 per service: one per second.
        assertThat(queries.logs(rate, T)).extracting(Sample::value).containsOnly(1.0);
        // Nothing in the window: no group, but an ungrouped count is 0 (absence can alert).
        LogRuleQuery none = new LogRuleQuery(List.of(), "", List.of(), 60_000, LogRuleQuery.Measure.COUNT, Condition.parse("< 1"));
        assertThat(queries.logs(none, T + 3_600_000)).containsExactly(new Sample(Labels.empty(), T + 3_600_000, 0));
    }

    @Test
    void tracesQuantileErrorRatioByName() {
        TraceRuleQuery p99 = new TraceRuleQuery(List.of(new Filter("service", Filter.Op.EQ, "checkout")), List.of("name"), 300_000,
                TraceRuleQuery.Measure.QUANTILE, 0.99, Condition.parse("> 50ms"));
        List<Sample> slow = queries.traces(p99, T);
        assertThat(slow).hasSize(2);
        assertThat(slow).allMatch(s -> s.value() > 0.05);
        TraceRuleQuery max = new TraceRuleQuery(List.of(), List.of("name"), 300_000, TraceRuleQuery.Measure.MAX, 0, Condition.parse("> 2s"));
        assertThat(queries.traces(max, T)).containsExactly(new Sample(Labels.of("name", "GET /checkout"), T, 3));
        TraceRuleQuery ratio = new TraceRuleQuery(List.of(), List.of(), 300_000, TraceRuleQuery.Measure.ERROR_RATIO, 0, null);
        assertThat(queries.traces(ratio, T)).singleElement().extracting(Sample::value).isEqualTo(0.1);
        // No spans: no series rather than NaN.
        assertThat(queries.traces(ratio, T + 3_600_000)).isEmpty();
    }

    @Test
    void promqlVectorsScalarsAndErrors() {
        assertThat(queries.promql("vector(3) > 1", T)).containsExactly(new Sample(Labels.empty(), T, 3));
        assertThat(queries.promql("1 + 1", T)).containsExactly(new Sample(Labels.empty(), T, 2));
        assertThatThrownBy(() -> queries.promql("\"text\"", T)).hasMessage("rule result is not a vector or scalar");
    }

    @Test
    void logsAlertRuleEndToEnd() throws Exception {
        RuleGroupSpec spec = RuleFileParser.parse("rules.yml", """
                groups:
                  - name: logs
                    rules:
                      - alert: ManyTimeouts
                        logs: {filter: severity=ERROR, text: timeout, by: [namespace], over: 5m}
                        condition: "> 40"
                        labels: {severity: page}
                        annotations: {summary: "{{ $value }} timeouts in {{ $labels.namespace }}"}
                """).getFirst();
        FakeRuleWorld sink = new FakeRuleWorld();
        RuleGroup g = RuleGroup.create(spec, new RuleEngine(queries, sink, sink, sink, RuleManagerOptions.defaults(dir)), false);
        g.evaluate(T);
        AlertRule rule = (AlertRule) g.rules().getFirst();
        assertThat(rule.status().get().lastError()).isEmpty();
        assertThat(rule.currentAlerts()).extracting(AlertInstance::labels).containsExactlyInAnyOrder(
                Map.of("alertname", "ManyTimeouts", "namespace", "shop", "severity", "page"),
                Map.of("alertname", "ManyTimeouts", "namespace", "ops", "severity", "page"));
        assertThat(rule.currentAlerts()).extracting(a -> a.annotations().get("summary")).contains("50 timeouts in shop");
        assertThat(sink.sent).singleElement().satisfies(batch -> assertThat(batch.getFirst().generatorURL())
                .startsWith("/ui/#/logs?from=now-300s&filter=severity%3DERROR&q=timeout"));
        assertThat(Duration.ofMillis(rule.spec().forMs())).isZero();
    }
}

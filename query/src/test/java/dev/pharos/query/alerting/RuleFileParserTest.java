package dev.pharos.query.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.query.Filter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rule files: Prometheus's format, promtool's checks with file:line:col, and the logs/traces extension. */
class RuleFileParserTest {

    static List<String> errors(String yaml) {
        try {
            RuleFileParser.parse("rules.yml", yaml);
        } catch (RuleFileException e) {
            return e.errors();
        }
        throw new AssertionError("expected errors");
    }

    @Test
    void parsesPrometheusRuleFile() throws Exception {
        List<RuleGroupSpec> groups = RuleFileParser.parse("rules.yml", """
                groups:
                  - name: api
                    interval: 30s
                    query_offset: 1m
                    limit: 10
                    rules:
                      - record: job:http_requests:rate5m
                        expr: sum by (job) (rate(http_requests_total[5m]))
                        labels:
                          team: web
                      - alert: HighErrorRate
                        expr: |
                          job:http_errors:ratio5m > 0.05
                        for: 10m
                        keep_firing_for: 5m
                        labels:
                          severity: page
                        annotations:
                          summary: "{{ $labels.job }} errors at {{ $value | humanizePercentage }}"
                  - name: empty
                """);
        assertThat(groups).hasSize(2);
        RuleGroupSpec api = groups.getFirst();
        assertThat(api.name()).isEqualTo("api");
        assertThat(api.file()).isEqualTo("rules.yml");
        assertThat(api.intervalMs()).isEqualTo(30_000);
        assertThat(api.queryOffsetMs()).isEqualTo(60_000);
        assertThat(api.limit()).isEqualTo(10);
        RuleSpec record = api.rules().get(0);
        assertThat(record.kind()).isEqualTo(RuleSpec.Kind.RECORDING);
        assertThat(record.expr()).isEqualTo(new PromqlRuleExpr("sum by (job) (rate(http_requests_total[5m]))"));
        assertThat(record.labels()).isEqualTo(Map.of("team", "web"));
        RuleSpec alert = api.rules().get(1);
        assertThat(alert.kind()).isEqualTo(RuleSpec.Kind.ALERTING);
        assertThat(alert.name()).isEqualTo("HighErrorRate");
        assertThat(alert.expr().display()).isEqualTo("job:http_errors:ratio5m > 0.05");
        assertThat(alert.forMs()).isEqualTo(600_000);
        assertThat(alert.keepFiringForMs()).isEqualTo(300_000);
        assertThat(alert.annotations()).containsKey("summary");
        assertThat(alert.line()).isEqualTo(11);
        assertThat(groups.get(1).rules()).isEmpty();
        assertThat(groups.get(1).queryOffsetMs()).isNull();
        assertThat(RuleFileParser.parse("empty.yml", "")).isEmpty();
    }

    @Test
    void expressionErrorsCarryFileLineAndColumn() {
        List<String> errs = errors("""
                groups:
                  - name: api
                    rules:
                      - record: a:b
                        expr: up
                      - alert: Fine
                        expr: up == 0
                      - alert: HighErrorRate
                        expr: sum(rate(x[5m])
                """);
        assertThat(errs).hasSize(1);
        assertThat(errs.getFirst()).startsWith("rules.yml:9:15: group \"api\", rule 3, \"HighErrorRate\": could not parse expression: 1:")
                .contains("parse error:");
    }

    @Test
    void promtoolChecks() {
        List<String> errs = errors("""
                groups:
                  - name: g
                    rules:
                      - record: "bad-name"
                        expr: up
                        for: 5m
                        annotations:
                          a: b
                      - alert: A
                        record: r
                        expr: up
                      - expr: up
                      - alert: NoExpr
                      - alert: Labels
                        expr: up
                        labels:
                          "bad label": x
                          __name__: y
                        annotations:
                          "bad-annotation": z
                      - alert: Durations
                        expr: up
                        for: 5x
                        keep_firing_for: 1h1h
                  - name: g
                  - name: ""
                """);
        assertThat(errs).contains(
                "rules.yml:4:17: group \"g\", rule 1, \"bad-name\": invalid field 'annotations' in recording rule",
                "rules.yml:4:17: group \"g\", rule 1, \"bad-name\": invalid field 'for' in recording rule",
                "rules.yml:4:17: group \"g\", rule 1, \"bad-name\": invalid recording rule name: bad-name",
                "rules.yml:10:17: group \"g\", rule 2, \"A\": only one of 'record' and 'alert' must be set",
                "rules.yml:12:9: group \"g\", rule 3, \"\": one of 'record' or 'alert' must be set",
                "rules.yml:13:9: group \"g\", rule 4, \"NoExpr\": field 'expr' must be set in rule",
                "rules.yml:17:11: group \"g\", rule 5, \"Labels\": invalid label name: bad label",
                "rules.yml:18:11: group \"g\", rule 5, \"Labels\": invalid label name: __name__",
                "rules.yml:20:11: group \"g\", rule 5, \"Labels\": invalid annotation name: bad-annotation",
                "rules.yml:23:14: group \"g\", rule 6, \"Durations\": invalid 'for': not a valid duration string: \"5x\"",
                "rules.yml:24:26: group \"g\", rule 6, \"Durations\": invalid 'keep_firing_for': not a valid duration string: \"1h1h\"",
                "rules.yml:25:5: groupname: \"g\" is repeated in the same file",
                "rules.yml:26:5: Groupname must not be empty");
    }

    @Test
    void unknownFieldsAndBadYaml() {
        assertThat(errors("""
                groups:
                  - name: g
                    evaluation_interval: 1m
                    rules:
                      - alert: A
                        expr: up
                        summary: oops
                """)).containsExactly(
                "rules.yml:3:5: field evaluation_interval not known; groups have name, interval, query_offset, limit, rules");
        assertThat(errors("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        expr: up
                        summary: oops
                """)).singleElement().asString().startsWith("rules.yml:6:9: group \"g\", rule 1, \"A\": field summary not known; rules have");
        assertThat(errors("groups:\n  - name: g\n    rules: [\n")).singleElement().asString().startsWith("rules.yml:4:1: yaml: ");
        assertThat(errors("groups:\n  - name: g\n    name: h\n")).containsExactly("rules.yml:3:5: mapping key \"name\" already defined at line 2");
        assertThat(errors("rules:\n  - alert: A\n")).singleElement().asString().startsWith("rules.yml:1:1: field rules not known");
    }

    @Test
    void templatesMustParse() {
        assertThat(errors("""
                groups:
                  - name: g
                    rules:
                      - alert: X
                        expr: up == 0
                        labels:
                          severity: "{{ if $value }}page"
                        annotations:
                          summary: "{{ $value | humanise }}"
                """)).containsExactlyInAnyOrder(
                "rules.yml:7:21: group \"g\", rule 1, \"X\": label \"severity\": template: __alert_X:1: unexpected EOF",
                "rules.yml:9:20: group \"g\", rule 1, \"X\": annotation \"summary\": template: __alert_X:1: function \"humanise\" not defined");
    }

    @Test
    void rangeVectorExpressionsAreRefused() {
        assertThat(errors("""
                groups:
                  - name: g
                    rules:
                      - record: x
                        expr: up[5m]
                """)).containsExactly("rules.yml:5:15: group \"g\", rule 1, \"x\": expression must give an instant vector or a scalar, not a range vector");
    }

    @Test
    void logsAndTracesRules() throws Exception {
        List<RuleGroupSpec> groups = RuleFileParser.parse("rules.yml", """
                groups:
                  - name: pharos
                    rules:
                      - alert: ManyErrors
                        logs: {filter: ["severity=ERROR", "namespace=shop"], text: "timeout", by: [namespace], over: 5m}
                        condition: "> 50"
                        for: 2m
                      - alert: SlowCheckout
                        traces: {service: checkout, quantile: 0.99, over: 5m, by: [name]}
                        condition: "> 2s"
                      - record: shop:span_errors:ratio5m
                        traces: {filter: "service=shop", measure: error_ratio, over: 5m}
                      - record: shop:logs:rate1m
                        logs: {service: shop, measure: rate, over: 1m, by: [pod, attr.http.route]}
                """);
        List<RuleSpec> rules = groups.getFirst().rules();
        LogRuleQuery logs = (LogRuleQuery) rules.get(0).expr();
        assertThat(logs.filters()).containsExactly(Filter.parse("severity=ERROR"), Filter.parse("namespace=shop"));
        assertThat(logs.text()).isEqualTo("timeout");
        assertThat(logs.by()).containsExactly("namespace");
        assertThat(logs.overMs()).isEqualTo(300_000);
        assertThat(logs.condition()).isEqualTo(new Condition(Condition.Op.GT, 50));
        assertThat(logs.display()).isEqualTo("logs: count over 5m where severity=ERROR and namespace=shop and text \"timeout\" by (namespace) > 50");
        TraceRuleQuery slow = (TraceRuleQuery) rules.get(1).expr();
        assertThat(slow.measure()).isEqualTo(TraceRuleQuery.Measure.QUANTILE);
        assertThat(slow.quantile()).isEqualTo(0.99);
        assertThat(slow.filters()).containsExactly(new Filter("service", Filter.Op.EQ, "checkout"));
        assertThat(slow.condition()).isEqualTo(new Condition(Condition.Op.GT, 2));
        assertThat(slow.display()).isEqualTo("traces: quantile 0.99 of duration over 5m where service=checkout by (name) > 2");
        assertThat(((TraceRuleQuery) rules.get(2).expr()).measure()).isEqualTo(TraceRuleQuery.Measure.ERROR_RATIO);
        assertThat(((LogRuleQuery) rules.get(3).expr()).measure()).isEqualTo(LogRuleQuery.Measure.RATE);
    }

    @Test
    void logsAndTracesErrors() {
        assertThat(errors("""
                groups:
                  - name: g
                    rules:
                      - alert: A
                        logs: {filter: "sevrity=ERROR", over: 5m}
                      - alert: B
                        logs: {filter: "severity=ERROR"}
                      - alert: C
                        traces: {measure: p42, over: 5m}
                      - alert: D
                        traces: {over: 5m}
                        condition: "about 3"
                      - alert: E
                        expr: up
                        logs: {over: 5m}
                      - alert: F
                        logs: {over: 5m, fliter: x}
                      - alert: G
                        expr: up
                        condition: "> 1"
                """)).containsExactly(
                "rules.yml:5:15: group \"g\", rule 1, \"A\": logs: unknown field 'sevrity'; use one of body, container, host, namespace, node, "
                        + "pod, scope, service, severity, severity_text, span_id, trace_id, or resource.<key>, attr.<key>, scope.<key>",
                "rules.yml:7:15: group \"g\", rule 2, \"B\": 'over' must be set: the window the rule looks at, e.g. 5m",
                "rules.yml:9:27: group \"g\", rule 3, \"C\": traces: measure must be count, rate, errors, error_ratio, avg, max, quantile, p50, "
                        + "p90, p95 or p99, got \"p42\"",
                "rules.yml:12:20: group \"g\", rule 4, \"D\": condition 'about 3' must be an operator (>, >=, <, <=, ==, !=) and a number or "
                        + "duration, e.g. \"> 50\" or \"> 2s\"",
                "rules.yml:13:9: group \"g\", rule 5, \"E\": only one of 'expr', 'logs' and 'traces' may be set",
                "rules.yml:17:26: group \"g\", rule 6, \"F\": field fliter not known; logs rules have filter, text, by, over, measure, service",
                "rules.yml:20:20: group \"g\", rule 7, \"G\": 'condition' belongs to logs and traces rules; write the comparison in 'expr'");
    }

    @Test
    void conditions() {
        assertThat(Condition.parse("> 2s")).isEqualTo(new Condition(Condition.Op.GT, 2));
        assertThat(Condition.parse(">=250ms")).isEqualTo(new Condition(Condition.Op.GE, 0.25));
        assertThat(Condition.parse("< 1.5s")).isEqualTo(new Condition(Condition.Op.LT, 1.5));
        assertThat(Condition.parse("== 0")).isEqualTo(new Condition(Condition.Op.EQ, 0));
        assertThat(Condition.parse("!= 1e3")).isEqualTo(new Condition(Condition.Op.NE, 1000));
        assertThat(Condition.parse("> 500us").threshold()).isEqualTo(0.0005);
        assertThat(Condition.parse("> 1m").threshold()).isEqualTo(60);
        assertThatThrownBy(() -> Condition.parse("> fast")).hasMessageContaining("neither a number nor a duration");
    }
}

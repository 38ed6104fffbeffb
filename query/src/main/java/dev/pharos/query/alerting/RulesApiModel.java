package dev.pharos.query.alerting;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.pharos.query.alerting.template.GoFormat;
import dev.pharos.query.promql.PromqlEngine;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.VectorSelector;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.GoStrings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code data} of Prometheus's {@code GET /api/v1/rules} and {@code GET /api/v1/alerts}, as
 * records whose Jackson serialisation has Prometheus's field names, order and omissions. Times are
 * RFC 3339 strings as Go writes them (zero time "0001-01-01T00:00:00Z"), durations are seconds, alert
 * values strings in Go's %e form ("1e+00").
 */
public final class RulesApiModel {

    private RulesApiModel() {}

    /** {@code {"groups": [...]}}. */
    public record RuleDiscovery(List<ApiRuleGroup> groups) {}

    @JsonPropertyOrder({"name", "file", "rules", "interval", "limit", "evaluationTime", "lastEvaluation"})
    public record ApiRuleGroup(String name, String file, List<ApiRule> rules, double interval, int limit, double evaluationTime,
            String lastEvaluation) {}

    /** An alerting or a recording rule. */
    public sealed interface ApiRule permits ApiAlertingRule, ApiRecordingRule {}

    @JsonPropertyOrder({"state", "name", "query", "duration", "keepFiringFor", "labels", "annotations", "alerts", "health", "lastError",
        "evaluationTime", "lastEvaluation", "type"})
    public record ApiAlertingRule(String state, String name, String query, double duration, double keepFiringFor, Map<String, String> labels,
            Map<String, String> annotations, List<ApiAlert> alerts, String health,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) String lastError, double evaluationTime, String lastEvaluation, String type)
            implements ApiRule {}

    @JsonPropertyOrder({"name", "query", "labels", "health", "lastError", "evaluationTime", "lastEvaluation", "type"})
    public record ApiRecordingRule(String name, String query, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> labels,
            String health, @JsonInclude(JsonInclude.Include.NON_EMPTY) String lastError, double evaluationTime, String lastEvaluation,
            String type) implements ApiRule {}

    @JsonPropertyOrder({"labels", "annotations", "state", "activeAt", "keepFiringSince", "value"})
    public record ApiAlert(Map<String, String> labels, Map<String, String> annotations, String state,
            @JsonInclude(JsonInclude.Include.NON_NULL) String activeAt, @JsonInclude(JsonInclude.Include.NON_NULL) String keepFiringSince,
            String value) {}

    /** {@code {"alerts": [...]}}. */
    public record AlertDiscovery(List<ApiAlert> alerts) {}

    /**
     * The filters of /api/v1/rules: {@code type} (alert or record, null for both), {@code rule_name[]},
     * {@code rule_group[]}, {@code file[]} (empty for all), {@code exclude_alerts}, and {@code match[]}
     * series selectors matched against rule labels.
     */
    public record RulesFilter(String type, Set<String> ruleNames, Set<String> groups, Set<String> files, boolean excludeAlerts,
            List<List<LabelMatcher>> match) {

        public RulesFilter {
            ruleNames = Set.copyOf(ruleNames);
            groups = Set.copyOf(groups);
            files = Set.copyOf(files);
            match = List.copyOf(match);
            if (type != null && !type.isEmpty() && !type.equals("alert") && !type.equals("record")) {
                throw new IllegalArgumentException("invalid query parameter type='" + type + "', must be one of 'alert' or 'record'");
            }
            type = type == null || type.isEmpty() ? null : type;
        }

        public static RulesFilter all() {
            return new RulesFilter(null, Set.of(), Set.of(), Set.of(), false, List.of());
        }

        /** From the request's parameters; a bad type or selector throws IllegalArgumentException (HTTP 400, bad_data). */
        public static RulesFilter of(String type, List<String> ruleNames, List<String> groups, List<String> files, String excludeAlerts,
                List<String> match) {
            List<List<LabelMatcher>> matchers = new ArrayList<>();
            for (String m : match) {
                Expr e = PromqlEngine.parse(m);
                if (!(e instanceof VectorSelector vs)) {
                    throw new IllegalArgumentException("invalid parameter \"match[]\": " + m + " is not a series selector");
                }
                matchers.add(vs.matchers());
            }
            return new RulesFilter(type, Set.copyOf(ruleNames), Set.copyOf(groups), Set.copyOf(files),
                    excludeAlerts != null && excludeAlerts.strip().equalsIgnoreCase("true"), matchers);
        }

        boolean rulesFiltered() {
            return type != null || !ruleNames.isEmpty() || !match.isEmpty();
        }

        boolean accepts(Rule r) {
            if (type != null && (type.equals("alert") != (r instanceof AlertRule))) {
                return false;
            }
            if (!ruleNames.isEmpty() && !ruleNames.contains(r.name())) {
                return false;
            }
            if (match.isEmpty()) {
                return true;
            }
            for (List<LabelMatcher> set : match) {
                if (set.stream().allMatch(m -> m.matches(r.spec().labels().getOrDefault(m.name(), "")))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The data of /api/v1/rules: groups by file then name, rules in file order. */
    public static RuleDiscovery rules(List<RuleGroup> groups, RulesFilter filter) {
        List<RuleGroup> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparing((RuleGroup g) -> g.spec().file(), GoStrings::compare)
                .thenComparing(g -> g.spec().name(), GoStrings::compare));
        List<ApiRuleGroup> out = new ArrayList<>();
        for (RuleGroup g : sorted) {
            if ((!filter.groups().isEmpty() && !filter.groups().contains(g.spec().name()))
                    || (!filter.files().isEmpty() && !filter.files().contains(g.spec().file()))) {
                continue;
            }
            List<ApiRule> rules = new ArrayList<>();
            for (Rule r : g.rules()) {
                if (filter.accepts(r)) {
                    rules.add(rule(r, filter.excludeAlerts()));
                }
            }
            if (rules.isEmpty() && filter.rulesFiltered()) {
                continue;
            }
            out.add(new ApiRuleGroup(g.spec().name(), g.spec().file(), rules, g.intervalMs() / 1000.0, g.spec().limit(),
                    g.evaluationNanos() / 1e9, time(g.lastEvaluationMs())));
        }
        return new RuleDiscovery(out);
    }

    private static ApiRule rule(Rule r, boolean excludeAlerts) {
        RuleStatus.Snapshot s = r.status().get();
        return switch (r) {
            case AlertRule ar -> new ApiAlertingRule(ar.state().apiName(), ar.name(), ar.spec().expr().display(),
                    ar.spec().forMs() / 1000.0, ar.spec().keepFiringForMs() / 1000.0, ar.spec().labels(), ar.spec().annotations(),
                    excludeAlerts ? List.of() : ar.activeAlerts().stream().map(RulesApiModel::alert).toList(), s.health().apiName(),
                    s.lastError(), s.evaluationNanos() / 1e9, time(s.lastEvaluationMs()), "alerting");
            case RecordingRule rr -> new ApiRecordingRule(rr.name(), rr.spec().expr().display(), rr.spec().labels(), s.health().apiName(),
                    s.lastError(), s.evaluationNanos() / 1e9, time(s.lastEvaluationMs()), "recording");
        };
    }

    /** The data of /api/v1/alerts: the pending and firing alerts of every alerting rule. */
    public static AlertDiscovery alerts(List<RuleGroup> groups) {
        record Ranked(AlertState state, String name, List<AlertInstance> alerts) {}
        List<Ranked> rules = new ArrayList<>();
        for (RuleGroup g : groups) {
            for (Rule r : g.rules()) {
                if (r instanceof AlertRule ar) {
                    // One read of each rule: its state may change while the list is sorted.
                    rules.add(new Ranked(ar.state(), ar.name(), ar.activeAlerts()));
                }
            }
        }
        // As Prometheus's AlertingRules(): highest state first, then by name.
        rules.sort(Comparator.comparing(Ranked::state).reversed().thenComparing(Ranked::name, GoStrings::compare));
        List<ApiAlert> out = new ArrayList<>();
        for (Ranked r : rules) {
            r.alerts().forEach(a -> out.add(alert(a)));
        }
        return new AlertDiscovery(out);
    }

    static ApiAlert alert(AlertInstance a) {
        return new ApiAlert(a.labels(), a.annotations(), a.state().apiName(), a.activeAt() == 0 ? null : time(a.activeAt()),
                a.keepFiringSince() == 0 ? null : time(a.keepFiringSince()), GoFormat.formatFloat(a.value(), 'e', -1));
    }

    private static String time(long ms) {
        return GoTimes.rfc3339Nano(ms == 0 ? null : Instant.ofEpochMilli(ms));
    }
}

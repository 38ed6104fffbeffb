package dev.pharos.query.alerting;

import dev.pharos.query.Filter;
import dev.pharos.query.QueryException;
import dev.pharos.query.alerting.template.Template;
import dev.pharos.query.alerting.template.TemplateException;
import dev.pharos.query.promql.PromqlEngine;
import dev.pharos.query.promql.PromqlException;
import dev.pharos.query.promql.ast.Durations;
import dev.pharos.query.promql.ast.Expr;
import dev.pharos.query.promql.ast.ValueType;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads Prometheus rule files and validates them as promtool does, reporting every problem with its
 * place: {@code rules.yml:12:13: group "api", rule 3, "HighErrorRate": could not parse expression: 1:5: parse error: ...}.
 *
 * <p>The format is Prometheus's: {@code groups: [{name, interval, query_offset, limit, rules: [...]}]},
 * each rule with {@code record} or {@code alert}, {@code expr}, {@code for}, {@code keep_firing_for},
 * {@code labels} and {@code annotations}. Unknown fields are errors, record names must be metric
 * names, label names must match {@code [a-zA-Z_][a-zA-Z0-9_]*} (what Alertmanager accepts), and
 * alert label and annotation templates must parse. Stricter than promtool in one way: an expression
 * must give an instant vector or a scalar, since anything else fails at every evaluation.
 *
 * <p>Pharos extension, for rules over logs and spans: instead of {@code expr}, a rule may have a
 * {@code logs:} or a {@code traces:} mapping, and then a {@code condition:} such as {@code "> 50"} or
 * {@code "> 2s"}:
 *
 * <pre>
 * - alert: ManyErrors
 *   logs: {filter: ["severity=ERROR", "namespace=shop"], text: "timeout", by: [namespace], over: 5m}
 *   condition: "> 50"
 *   for: 2m
 * - alert: SlowCheckout
 *   traces: {service: checkout, measure: p99, by: [name], over: 5m}
 *   condition: "> 2s"
 * </pre>
 *
 * {@code logs}: filter (one or a list, log search filter syntax), text (log search text syntax), by,
 * over (required), measure (count or rate), service (shorthand for a service= filter). {@code traces}:
 * filter, by, over (required), measure (count, rate, errors, error_ratio, avg, max, quantile, p50, p90,
 * p95, p99), quantile (with measure quantile, or alone), service. See {@link LogRuleQuery} and
 * {@link TraceRuleQuery}.
 */
public final class RuleFileParser {

    private static final List<String> GROUP_FIELDS = List.of("name", "interval", "query_offset", "limit", "rules");
    private static final List<String> RULE_FIELDS = List.of("record", "alert", "expr", "for", "keep_firing_for", "labels", "annotations",
            "logs", "traces", "condition");
    private static final List<String> LOGS_FIELDS = List.of("filter", "text", "by", "over", "measure", "service");
    private static final List<String> TRACES_FIELDS = List.of("filter", "by", "over", "measure", "quantile", "service");

    private final String file;
    private final List<String> errors = new ArrayList<>();

    private RuleFileParser(String file) {
        this.file = file;
    }

    /** Reads and parses a file; {@code name} is how messages and the API name it (usually the path as configured). */
    public static List<RuleGroupSpec> read(Path path, String name) throws RuleFileException {
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RuleFileException(List.of(name + ": " + e));
        }
        return parse(name, content);
    }

    /** @throws RuleFileException listing every problem found, each starting with {@code file:line:col:} */
    public static List<RuleGroupSpec> parse(String file, String content) throws RuleFileException {
        RuleFileParser p = new RuleFileParser(file);
        List<RuleGroupSpec> groups = p.file(content);
        if (!p.errors.isEmpty()) {
            throw new RuleFileException(p.errors);
        }
        return groups;
    }

    private String at(Node n) {
        return at(n.getStartMark());
    }

    private String at(Mark m) {
        return file + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
    }

    private void error(Node n, String msg) {
        errors.add(at(n) + msg);
    }

    private List<RuleGroupSpec> file(String content) {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(50);
            root = new Yaml(options).compose(new StringReader(content));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            errors.add((m == null ? file + ": " : at(m)) + "yaml: " + problem);
            return List.of();
        } catch (YAMLException e) {
            errors.add(file + ": yaml: " + e.getMessage());
            return List.of();
        }
        if (root == null || isNull(root)) {
            return List.of();
        }
        Fields top = fields(root, List.of("groups"), "the file", null);
        if (top == null) {
            return List.of();
        }
        Node groupsNode = top.get("groups");
        if (groupsNode == null || isNull(groupsNode)) {
            return List.of();
        }
        if (!(groupsNode instanceof SequenceNode seq)) {
            error(groupsNode, "'groups' must be a list of groups");
            return List.of();
        }
        List<RuleGroupSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node g : seq.getValue()) {
            RuleGroupSpec spec = group(g, names);
            if (spec != null) {
                out.add(spec);
            }
        }
        return out;
    }

    private RuleGroupSpec group(Node node, Set<String> names) {
        Fields f = fields(node, GROUP_FIELDS, "groups", null);
        if (f == null) {
            return null;
        }
        String name = scalar(f, "name", null);
        if (name == null || name.isEmpty()) {
            error(node, "Groupname must not be empty");
            name = "";
        } else if (!names.add(name)) {
            error(node, "groupname: \"" + name + "\" is repeated in the same file");
        }
        long interval = duration(f, "interval", null);
        Long offset = f.get("query_offset") == null || isNull(f.get("query_offset")) ? null : duration(f, "query_offset", null);
        int limit = 0;
        String limitText = scalar(f, "limit", null);
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText.strip());
                if (limit < 0) {
                    error(f.get("limit"), "limit must not be negative");
                }
            } catch (NumberFormatException e) {
                error(f.get("limit"), "limit must be a whole number, got \"" + limitText + "\"");
            }
        }
        List<RuleSpec> rules = new ArrayList<>();
        Node rulesNode = f.get("rules");
        if (rulesNode != null && !isNull(rulesNode)) {
            if (rulesNode instanceof SequenceNode seq) {
                int i = 0;
                for (Node r : seq.getValue()) {
                    i++;
                    RuleSpec rule = rule(name, i, r);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            } else {
                error(rulesNode, "'rules' must be a list of rules");
            }
        }
        return new RuleGroupSpec(file, name, interval, offset, limit, rules);
    }

    /** Reports errors of one rule with its group, position in the group and name, as promtool does. */
    private final class RuleContext {
        final String group;
        final int index;
        String name = "";
        boolean failed;

        RuleContext(String group, int index) {
            this.group = group;
            this.index = index;
        }

        void error(Node n, String msg) {
            failed = true;
            errors.add(at(n) + "group " + quote(group) + ", rule " + index + ", " + quote(name) + ": " + msg);
        }
    }

    private RuleSpec rule(String group, int index, Node node) {
        RuleContext ctx = new RuleContext(group, index);
        ctx.name = peekName(node);
        Fields f = fields(node, RULE_FIELDS, "rules", ctx);
        if (f == null) {
            return null;
        }
        String record = scalar(f, "record", ctx);
        String alert = scalar(f, "alert", ctx);
        record = record == null ? "" : record;
        alert = alert == null ? "" : alert;
        ctx.name = alert.isEmpty() ? record : alert;
        if (!record.isEmpty() && !alert.isEmpty()) {
            ctx.error(f.get("record"), "only one of 'record' and 'alert' must be set");
        }
        if (record.isEmpty() && alert.isEmpty()) {
            ctx.error(node, "one of 'record' or 'alert' must be set");
        }
        boolean recording = !record.isEmpty() && alert.isEmpty();
        long forMs = duration(f, "for", ctx);
        long keepFiringForMs = duration(f, "keep_firing_for", ctx);
        Map<String, String> labels = stringMap(f, "labels", ctx);
        Map<String, String> annotations = stringMap(f, "annotations", ctx);
        if (recording) {
            if (!annotations.isEmpty()) {
                ctx.error(f.get("record"), "invalid field 'annotations' in recording rule");
            }
            if (forMs != 0) {
                ctx.error(f.get("record"), "invalid field 'for' in recording rule");
            }
            if (keepFiringForMs != 0) {
                ctx.error(f.get("record"), "invalid field 'keep_firing_for' in recording rule");
            }
            if (!RuleLabels.isValidMetricName(record)) {
                ctx.error(f.get("record"), "invalid recording rule name: " + record);
            }
        }
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!RuleLabels.isValidLabelName(l.getKey()) || l.getKey().equals("__name__")) {
                ctx.error(f.key("labels", l.getKey()), "invalid label name: " + l.getKey());
            }
        }
        for (String a : annotations.keySet()) {
            if (!RuleLabels.isValidLabelName(a)) {
                ctx.error(f.key("annotations", a), "invalid annotation name: " + a);
            }
        }
        if (!alert.isEmpty()) {
            templates(f, "labels", "label", labels, alert, ctx);
            templates(f, "annotations", "annotation", annotations, alert, ctx);
        }
        RuleExpr expr = expression(f, node, ctx);
        if (ctx.failed || expr == null) {
            return null;
        }
        return new RuleSpec(recording ? RuleSpec.Kind.RECORDING : RuleSpec.Kind.ALERTING, ctx.name, expr, forMs, keepFiringForMs, labels,
                annotations, node.getStartMark().getLine() + 1);
    }

    /** The rule's name before its fields are checked, so that every message names the rule. */
    private static String peekName(Node node) {
        String record = "";
        String alert = "";
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && t.getValueNode() instanceof ScalarNode v && !isNull(v)) {
                    if (k.getValue().equals("alert")) {
                        alert = v.getValue();
                    } else if (k.getValue().equals("record")) {
                        record = v.getValue();
                    }
                }
            }
        }
        return alert.isEmpty() ? record : alert;
    }

    private void templates(Fields f, String field, String what, Map<String, String> values, String alert, RuleContext ctx) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            try {
                Template.parse("__alert_" + alert, e.getValue());
            } catch (TemplateException ex) {
                ctx.error(f.value(field, e.getKey()), what + " " + quote(e.getKey()) + ": " + ex.getMessage());
            }
        }
    }

    private RuleExpr expression(Fields f, Node rule, RuleContext ctx) {
        Node exprNode = f.get("expr");
        Node logsNode = f.get("logs");
        Node tracesNode = f.get("traces");
        Node conditionNode = f.get("condition");
        int given = (exprNode != null ? 1 : 0) + (logsNode != null ? 1 : 0) + (tracesNode != null ? 1 : 0);
        if (given > 1) {
            ctx.error(rule, "only one of 'expr', 'logs' and 'traces' may be set");
            return null;
        }
        if (logsNode == null && tracesNode == null) {
            String expr = scalar(f, "expr", ctx);
            if (conditionNode != null) {
                ctx.error(conditionNode, "'condition' belongs to logs and traces rules; write the comparison in 'expr'");
            }
            if (expr == null || expr.isEmpty()) {
                ctx.error(exprNode == null ? rule : exprNode, "field 'expr' must be set in rule");
                return null;
            }
            try {
                Expr parsed = PromqlEngine.parse(expr);
                if (parsed.type() != ValueType.VECTOR && parsed.type() != ValueType.SCALAR) {
                    ctx.error(exprNode, "expression must give an instant vector or a scalar, not a " + parsed.type().documentedName());
                    return null;
                }
                return new PromqlRuleExpr(parsed.toString());
            } catch (PromqlException e) {
                ctx.error(exprNode, "could not parse expression: " + e.getMessage());
                return null;
            }
        }
        Condition condition = null;
        if (conditionNode != null) {
            String text = scalar(f, "condition", ctx);
            try {
                condition = text == null ? null : Condition.parse(text);
            } catch (IllegalArgumentException e) {
                ctx.error(conditionNode, e.getMessage());
                return null;
            }
        }
        return logsNode != null ? logs(logsNode, condition, ctx) : traces(tracesNode, condition, ctx);
    }

    private RuleExpr logs(Node node, Condition condition, RuleContext ctx) {
        Fields f = fields(node, LOGS_FIELDS, "logs", ctx);
        if (f == null) {
            return null;
        }
        try {
            List<Filter> filters = filters(f, ctx);
            String text = scalar(f, "text", ctx);
            List<String> by = strings(f, "by", ctx);
            long over = over(f, node, ctx);
            String measure = scalar(f, "measure", ctx);
            LogRuleQuery.Measure m = LogRuleQuery.Measure.COUNT;
            if (measure != null) {
                switch (measure.strip().toLowerCase(Locale.ROOT)) {
                    case "count" -> m = LogRuleQuery.Measure.COUNT;
                    case "rate" -> m = LogRuleQuery.Measure.RATE;
                    default -> {
                        ctx.error(f.get("measure"), "logs: measure must be count or rate, got \"" + measure + "\"");
                        return null;
                    }
                }
            }
            if (ctx.failed || over <= 0) {
                return null;
            }
            return new LogRuleQuery(filters, text, by, over, m, condition);
        } catch (QueryException | IllegalArgumentException e) {
            ctx.error(node, "logs: " + e.getMessage());
            return null;
        }
    }

    private RuleExpr traces(Node node, Condition condition, RuleContext ctx) {
        Fields f = fields(node, TRACES_FIELDS, "traces", ctx);
        if (f == null) {
            return null;
        }
        try {
            List<Filter> filters = filters(f, ctx);
            List<String> by = strings(f, "by", ctx);
            long over = over(f, node, ctx);
            String measure = scalar(f, "measure", ctx);
            String quantileText = scalar(f, "quantile", ctx);
            double quantile = 0;
            if (quantileText != null) {
                try {
                    quantile = Double.parseDouble(quantileText.strip());
                } catch (NumberFormatException e) {
                    ctx.error(f.get("quantile"), "traces: quantile must be a number such as 0.99, got \"" + quantileText + "\"");
                    return null;
                }
            }
            TraceRuleQuery.Measure m;
            String name = measure == null ? (quantileText != null ? "quantile" : "count") : measure.strip().toLowerCase(Locale.ROOT);
            switch (name) {
                case "p50", "p90", "p95", "p99", "p999" -> {
                    m = TraceRuleQuery.Measure.QUANTILE;
                    quantile = Double.parseDouble("0." + name.substring(1));
                }
                case "count", "rate", "errors", "error_ratio", "avg", "max", "quantile" -> m = TraceRuleQuery.Measure.valueOf(name.toUpperCase(Locale.ROOT));
                default -> {
                    ctx.error(f.get("measure"), "traces: measure must be count, rate, errors, error_ratio, avg, max, quantile, p50, p90, p95 or "
                            + "p99, got \"" + measure + "\"");
                    return null;
                }
            }
            if (ctx.failed || over <= 0) {
                return null;
            }
            return new TraceRuleQuery(filters, by, over, m, quantile, condition);
        } catch (QueryException | IllegalArgumentException e) {
            ctx.error(node, "traces: " + e.getMessage());
            return null;
        }
    }

    private List<Filter> filters(Fields f, RuleContext ctx) {
        List<Filter> filters = new ArrayList<>();
        String service = scalar(f, "service", ctx);
        if (service != null && !service.isBlank()) {
            filters.add(new Filter("service", Filter.Op.EQ, service.strip()));
        }
        for (String text : strings(f, "filter", ctx)) {
            try {
                filters.add(Filter.parse(text));
            } catch (QueryException e) {
                ctx.error(f.get("filter"), e.getMessage());
            }
        }
        return filters;
    }

    private long over(Fields f, Node node, RuleContext ctx) {
        if (f.get("over") == null) {
            ctx.error(node, "'over' must be set: the window the rule looks at, e.g. 5m");
            return 0;
        }
        long over = duration(f, "over", ctx);
        if (over <= 0) {
            ctx.error(f.get("over"), "'over' must be a positive duration, e.g. 5m");
        }
        return over;
    }

    // ---- YAML access ----

    /** A mapping's entries by key, with the key nodes for positions. */
    private record Fields(Map<String, NodeTuple> entries) {
        Node get(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? null : t.getValueNode();
        }

        /** The key node of {@code key} inside the mapping under {@code field}, or that field's node. */
        Node key(String field, String key) {
            return inner(field, key, true);
        }

        Node value(String field, String key) {
            return inner(field, key, false);
        }

        private Node inner(String field, String key, boolean keyNode) {
            Node m = get(field);
            if (m instanceof MappingNode mapping) {
                for (NodeTuple t : mapping.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode s && s.getValue().equals(key)) {
                        return keyNode ? t.getKeyNode() : t.getValueNode();
                    }
                }
            }
            return m;
        }
    }

    private Fields fields(Node node, List<String> allowed, String where, RuleContext ctx) {
        if (!(node instanceof MappingNode m)) {
            report(node, "each entry of '" + where + "' must be a mapping", ctx);
            return null;
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        boolean ok = true;
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                report(t.getKeyNode(), "keys must be plain names", ctx);
                ok = false;
                continue;
            }
            String key = k.getValue();
            if (entries.containsKey(key)) {
                report(k, "mapping key " + quote(key) + " already defined at line " + (entries.get(key).getKeyNode().getStartMark().getLine() + 1), ctx);
                ok = false;
                continue;
            }
            if (!allowed.contains(key)) {
                String in = switch (where) {
                    case "groups" -> "groups have ";
                    case "rules" -> "rules have ";
                    case "logs" -> "logs rules have ";
                    case "traces" -> "traces rules have ";
                    default -> "the file has ";
                };
                report(k, "field " + key + " not known; " + in + String.join(", ", allowed), ctx);
                ok = false;
                continue;
            }
            entries.put(key, t);
        }
        return ok ? new Fields(entries) : null;
    }

    private void report(Node n, String msg, RuleContext ctx) {
        if (ctx != null) {
            ctx.error(n, msg);
        } else {
            error(n, msg);
        }
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && (Tag.NULL.equals(s.getTag()));
    }

    private String scalar(Fields f, String key, RuleContext ctx) {
        Node n = f.get(key);
        if (n == null || isNull(n)) {
            return null;
        }
        if (n instanceof ScalarNode s) {
            return s.getValue();
        }
        report(n, "'" + key + "' must be a single value", ctx);
        return null;
    }

    private long duration(Fields f, String key, RuleContext ctx) {
        String text = scalar(f, key, ctx);
        if (text == null) {
            return 0;
        }
        try {
            return Durations.parse(text.strip());
        } catch (IllegalArgumentException | ArithmeticException e) {
            report(f.get(key), "invalid '" + key + "': not a valid duration string: " + quote(text), ctx);
            return 0;
        }
    }

    /** A single string or a list of strings. */
    private List<String> strings(Fields f, String key, RuleContext ctx) {
        Node n = f.get(key);
        if (n == null || isNull(n)) {
            return List.of();
        }
        if (n instanceof ScalarNode s) {
            return List.of(s.getValue());
        }
        List<String> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (item instanceof ScalarNode s) {
                    out.add(s.getValue());
                } else {
                    report(item, "'" + key + "' entries must be strings", ctx);
                }
            }
            return out;
        }
        report(n, "'" + key + "' must be a string or a list of strings", ctx);
        return out;
    }

    private Map<String, String> stringMap(Fields f, String key, RuleContext ctx) {
        Node n = f.get(key);
        Map<String, String> out = new LinkedHashMap<>();
        if (n == null || isNull(n)) {
            return out;
        }
        if (!(n instanceof MappingNode m)) {
            report(n, "'" + key + "' must be a mapping of names to strings", ctx);
            return out;
        }
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                report(t.getKeyNode(), "'" + key + "' names must be strings", ctx);
                continue;
            }
            if (out.containsKey(k.getValue())) {
                report(k, "mapping key " + quote(k.getValue()) + " already defined", ctx);
                continue;
            }
            if (t.getValueNode() instanceof ScalarNode v) {
                out.put(k.getValue(), isNull(v) ? "" : v.getValue());
            } else {
                report(t.getValueNode(), "'" + key + "' values must be strings", ctx);
            }
        }
        return out;
    }

    private static String quote(String s) {
        return dev.pharos.query.promql.storage.GoStrings.quote(s);
    }
}

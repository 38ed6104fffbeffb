package dev.pharos.query.alerting;

import java.util.Map;

/**
 * One rule as written in a rule file, validated.
 *
 * @param forMs           alerting: how long a series must be returned before its alert fires (0: at once)
 * @param keepFiringForMs alerting: how long an alert keeps firing after its series stopped being returned
 * @param labels          added to (alerting: templated and added to) every resulting series, sorted by name
 * @param annotations     alerting: templated per alert, sorted by name
 * @param line            where the rule starts in its file (1-based)
 */
public record RuleSpec(Kind kind, String name, RuleExpr expr, long forMs, long keepFiringForMs, Map<String, String> labels,
        Map<String, String> annotations, int line) {

    public enum Kind { ALERTING, RECORDING }

    public RuleSpec {
        labels = RuleLabels.sorted(labels);
        annotations = RuleLabels.sorted(annotations);
    }

    /** Equal definitions, wherever they sit in the file: what decides whether a reload keeps a rule's state. */
    boolean sameDefinition(RuleSpec o) {
        return kind == o.kind && name.equals(o.name) && expr.equals(o.expr) && forMs == o.forMs && keepFiringForMs == o.keepFiringForMs
                && labels.equals(o.labels) && annotations.equals(o.annotations);
    }
}

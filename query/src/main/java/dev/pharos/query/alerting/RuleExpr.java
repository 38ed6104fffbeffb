package dev.pharos.query.alerting;

/**
 * What a rule evaluates: a PromQL expression, or one of Pharos's grouped queries over logs or spans.
 * Each evaluation runs exactly one query, whatever the number of series it returns.
 */
public sealed interface RuleExpr permits PromqlRuleExpr, LogRuleQuery, TraceRuleQuery {

    /** The text shown as the rule's {@code query} in /api/v1/rules and linked from notifications. */
    String display();
}

package dev.pharos.query.alerting;

/** A PromQL rule expression, kept in its canonical printed form (as Prometheus queries and shows it). */
public record PromqlRuleExpr(String query) implements RuleExpr {

    @Override
    public String display() {
        return query;
    }
}

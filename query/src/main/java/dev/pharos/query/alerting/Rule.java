package dev.pharos.query.alerting;

import dev.pharos.query.promql.value.Sample;
import java.util.List;

/** A rule of a group: evaluated in order with the others, every interval. */
public sealed interface Rule permits AlertRule, RecordingRule {

    RuleSpec spec();

    default String name() {
        return spec().name();
    }

    /** Health, last error and timing of the latest evaluation. */
    RuleStatus status();

    /**
     * Runs the rule's query and derives its output samples (recorded series, or ALERTS and
     * ALERTS_FOR_STATE), without writing them.
     */
    List<Sample> eval(EvalContext ctx) throws RuleEvalException;

    /** What one evaluation needs: when, how far back its queries look, the group's limit, and the queries. */
    record EvalContext(long timestampMs, long queryOffsetMs, int limit, RuleQueries queries) {

        long queryTimeMs() {
            return timestampMs - queryOffsetMs;
        }
    }
}

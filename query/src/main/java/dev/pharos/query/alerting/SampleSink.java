package dev.pharos.query.alerting;

import dev.pharos.query.promql.value.Sample;
import java.util.List;

/**
 * Where rule output goes, so that PromQL can query it: recorded series, {@code ALERTS} and
 * {@code ALERTS_FOR_STATE}, and staleness markers ({@link dev.pharos.query.promql.storage.StaleNaN#VALUE})
 * for series a rule produced at its previous evaluation but not at this one. Labels carry
 * {@code __name__}. Called once per rule per evaluation, from the group's thread; a later rule of the
 * same group sees what an earlier one wrote only if the write is readable when it returns.
 * Throwing marks the rule unhealthy for that evaluation.
 */
@FunctionalInterface
public interface SampleSink {

    void write(List<Sample> samples);

    /** Discards everything (rules still evaluate and notify). */
    static SampleSink discard() {
        return samples -> { };
    }
}

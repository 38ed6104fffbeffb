package dev.pharos.query.alerting;

import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.Sample;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Records its expression's result as series named after the rule, with the rule's labels set (Prometheus's RecordingRule). */
public final class RecordingRule implements Rule {

    private final RuleSpec spec;
    private final RuleStatus status = new RuleStatus();

    public RecordingRule(RuleSpec spec) {
        if (spec.kind() != RuleSpec.Kind.RECORDING) {
            throw new IllegalArgumentException("not a recording rule: " + spec.name());
        }
        this.spec = spec;
    }

    @Override
    public RuleSpec spec() {
        return spec;
    }

    @Override
    public RuleStatus status() {
        return status;
    }

    @Override
    public List<Sample> eval(EvalContext ctx) throws RuleEvalException {
        List<Sample> result = RuleQuerying.run(spec.expr(), ctx);
        List<Sample> out = new ArrayList<>(result.size());
        Set<Labels> seen = new HashSet<>();
        for (Sample s : result) {
            Labels.Builder b = s.labels().toBuilder().set(Labels.METRIC_NAME, spec.name());
            for (Map.Entry<String, String> l : spec.labels().entrySet()) {
                b.set(l.getKey(), l.getValue());
            }
            Labels labels = b.build();
            if (!seen.add(labels)) {
                throw new RuleEvalException("vector contains metrics with the same labelset after applying rule labels");
            }
            out.add(new Sample(labels, s.timestampMs(), s.value()));
        }
        if (ctx.limit() > 0 && out.size() > ctx.limit()) {
            throw new RuleEvalException("exceeded limit of " + ctx.limit() + " with " + out.size() + " series");
        }
        return out;
    }
}

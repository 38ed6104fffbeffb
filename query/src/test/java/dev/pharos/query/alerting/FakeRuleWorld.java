package dev.pharos.query.alerting;

import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.StaleNaN;
import dev.pharos.query.promql.value.Sample;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Scripted queries, a recording sink, a collecting notifier and a hand-moved clock for rule tests. */
class FakeRuleWorld implements RuleQueries, SampleSink, Notifier, Clock {

    /** What each query text returns now; absent means an empty vector. */
    final Map<String, List<Sample>> results = new HashMap<>();
    final Map<String, RuntimeException> failures = new HashMap<>();
    final List<List<Sample>> writes = new CopyOnWriteArrayList<>();
    final List<List<NotifierAlert>> sent = new CopyOnWriteArrayList<>();
    final List<String> queried = new CopyOnWriteArrayList<>();
    volatile long now;

    static Sample sample(double value, String... labels) {
        return new Sample(Labels.of(labels), 0, value);
    }

    void returns(String query, Sample... samples) {
        results.put(query, List.of(samples));
    }

    RuleEngine engine(RuleManagerOptions options) {
        return new RuleEngine(this, this, this, this, options);
    }

    RuleEngine engine() {
        return engine(RuleManagerOptions.defaults(Path.of("rules")));
    }

    private List<Sample> answer(String key, long timeMs) {
        queried.add(key + "@" + timeMs);
        RuntimeException e = failures.get(key);
        if (e != null) {
            throw e;
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : results.getOrDefault(key, List.of())) {
            out.add(new Sample(s.labels(), timeMs, s.value()));
        }
        return out;
    }

    @Override
    public List<Sample> promql(String query, long timeMs) {
        return answer(query, timeMs);
    }

    @Override
    public List<Sample> logs(LogRuleQuery query, long timeMs) {
        return answer(query.display(), timeMs);
    }

    @Override
    public List<Sample> traces(TraceRuleQuery query, long timeMs) {
        return answer(query.display(), timeMs);
    }

    @Override
    public void write(List<Sample> samples) {
        writes.add(List.copyOf(samples));
    }

    @Override
    public void send(List<NotifierAlert> alerts) {
        sent.add(List.copyOf(alerts));
    }

    @Override
    public long nowMillis() {
        return now;
    }

    /** The last write's samples that are not staleness markers, as "labels value". */
    List<String> lastWritten() {
        return writes.isEmpty() ? List.of() : describe(writes.getLast(), false);
    }

    List<String> lastStale() {
        return writes.isEmpty() ? List.of() : describe(writes.getLast(), true);
    }

    static List<String> describe(List<Sample> samples, boolean stale) {
        List<String> out = new ArrayList<>();
        for (Sample s : samples) {
            if (StaleNaN.is(s.value()) == stale) {
                out.add(s.labels() + (stale ? "" : " " + dev.pharos.query.promql.ast.Numbers.format(s.value())));
            }
        }
        return out;
    }

    static RuleSpec alert(String name, String expr, Duration forDuration, Duration keepFiringFor, Map<String, String> labels,
            Map<String, String> annotations) {
        return new RuleSpec(RuleSpec.Kind.ALERTING, name, new PromqlRuleExpr(expr), forDuration.toMillis(), keepFiringFor.toMillis(), labels,
                annotations, 1);
    }

    static RuleSpec alert(String name, String expr, Duration forDuration) {
        return alert(name, expr, forDuration, Duration.ZERO, Map.of(), Map.of());
    }

    static RuleSpec record(String name, String expr, Map<String, String> labels) {
        return new RuleSpec(RuleSpec.Kind.RECORDING, name, new PromqlRuleExpr(expr), 0, 0, labels, Map.of(), 1);
    }

    static RuleGroupSpec group(String name, long intervalMs, RuleSpec... rules) {
        return new RuleGroupSpec("rules/test.yml", name, intervalMs, null, 0, List.of(rules));
    }
}

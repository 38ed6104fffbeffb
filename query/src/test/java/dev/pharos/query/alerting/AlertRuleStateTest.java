package dev.pharos.query.alerting;

import static dev.pharos.query.alerting.FakeRuleWorld.alert;
import static dev.pharos.query.alerting.FakeRuleWorld.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prometheus's alert state machine over scripted evaluation results, one evaluation a minute. */
class AlertRuleStateTest {

    static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;

    final FakeRuleWorld world = new FakeRuleWorld();

    RuleGroup group(RuleSpec... rules) {
        return RuleGroup.create(FakeRuleWorld.group("g", MIN, rules), world.engine(), false);
    }

    void eval(RuleGroup g, long ts) {
        world.now = ts;
        g.evaluate(ts);
    }

    static AlertRule rule(RuleGroup g) {
        return (AlertRule) g.rules().getFirst();
    }

    static AlertInstance only(RuleGroup g) {
        assertThat(rule(g).currentAlerts()).hasSize(1);
        return rule(g).currentAlerts().getFirst();
    }

    @Test
    void pendingThenFiringThenResolvedThenForgotten() {
        RuleGroup g = group(alert("Down", "up == 0", Duration.ofMinutes(5)));
        world.returns("up == 0", sample(0, "__name__", "up", "job", "api"));
        eval(g, T0);
        AlertInstance a = only(g);
        assertThat(a.state()).isEqualTo(AlertState.PENDING);
        assertThat(a.activeAt()).isEqualTo(T0);
        assertThat(a.labels()).isEqualTo(Map.of("alertname", "Down", "job", "api"));
        assertThat(rule(g).state()).isEqualTo(AlertState.PENDING);
        assertThat(world.lastWritten()).containsExactlyInAnyOrder(
                "{__name__=\"ALERTS\", alertname=\"Down\", alertstate=\"pending\", job=\"api\"} 1",
                "{__name__=\"ALERTS_FOR_STATE\", alertname=\"Down\", job=\"api\"} " + T0 / 1000);
        for (int m = 1; m < 5; m++) {
            eval(g, T0 + m * MIN);
            assertThat(only(g).state()).isEqualTo(AlertState.PENDING);
        }
        assertThat(world.sent).isEmpty();
        eval(g, T0 + 5 * MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.FIRING);
        assertThat(only(g).firedAt()).isEqualTo(T0 + 5 * MIN);
        assertThat(world.lastWritten()).contains("{__name__=\"ALERTS\", alertname=\"Down\", alertstate=\"firing\", job=\"api\"} 1");
        // The pending series ends: a staleness marker for it.
        assertThat(world.lastStale()).containsExactly("{__name__=\"ALERTS\", alertname=\"Down\", alertstate=\"pending\", job=\"api\"}");
        assertThat(world.sent).hasSize(1);

        world.returns("up == 0");
        eval(g, T0 + 6 * MIN);
        AlertInstance resolved = only(g);
        assertThat(resolved.state()).isEqualTo(AlertState.INACTIVE);
        assertThat(resolved.resolvedAt()).isEqualTo(T0 + 6 * MIN);
        assertThat(rule(g).activeAlerts()).isEmpty();
        assertThat(rule(g).state()).isEqualTo(AlertState.INACTIVE);
        assertThat(world.lastWritten()).isEmpty();
        assertThat(world.lastStale()).containsExactlyInAnyOrder(
                "{__name__=\"ALERTS\", alertname=\"Down\", alertstate=\"firing\", job=\"api\"}",
                "{__name__=\"ALERTS_FOR_STATE\", alertname=\"Down\", job=\"api\"}");
        // Kept (and re-sent as resolved) for 15 minutes, then forgotten.
        eval(g, T0 + 21 * MIN);
        assertThat(rule(g).currentAlerts()).hasSize(1);
        eval(g, T0 + 22 * MIN);
        assertThat(rule(g).currentAlerts()).isEmpty();
    }

    @Test
    void forZeroFiresAtOnce() {
        RuleGroup g = group(alert("Now", "x > 1", Duration.ZERO));
        world.returns("x > 1", sample(5, "a", "b"));
        eval(g, T0);
        assertThat(only(g).state()).isEqualTo(AlertState.FIRING);
        assertThat(world.sent).hasSize(1);
        assertThat(world.sent.getFirst().getFirst().startsAt()).isEqualTo(Instant.ofEpochMilli(T0));
    }

    @Test
    void pendingThatStopsIsForgottenAndStartsOverWhenItComesBack() {
        RuleGroup g = group(alert("Flappy", "f", Duration.ofMinutes(3)));
        world.returns("f", sample(1, "i", "1"));
        eval(g, T0);
        eval(g, T0 + MIN);
        world.returns("f");
        eval(g, T0 + 2 * MIN);
        assertThat(rule(g).currentAlerts()).isEmpty();
        world.returns("f", sample(1, "i", "1"));
        eval(g, T0 + 3 * MIN);
        assertThat(only(g).activeAt()).isEqualTo(T0 + 3 * MIN);
        eval(g, T0 + 5 * MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.PENDING);
        eval(g, T0 + 6 * MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void resolvedAlertThatComesBackIsANewAlert() {
        RuleGroup g = group(alert("Flap", "f", Duration.ZERO));
        world.returns("f", sample(1, "i", "1"));
        eval(g, T0);
        world.returns("f");
        eval(g, T0 + MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.INACTIVE);
        world.returns("f", sample(1, "i", "1"));
        eval(g, T0 + 2 * MIN);
        AlertInstance again = only(g);
        assertThat(again.state()).isEqualTo(AlertState.FIRING);
        assertThat(again.activeAt()).isEqualTo(T0 + 2 * MIN);
        assertThat(again.resolvedAt()).isZero();
    }

    @Test
    void keepFiringForHoldsTheAlertAfterTheConditionStops() {
        RuleGroup g = group(alert("Sticky", "s", Duration.ZERO, Duration.ofMinutes(3), Map.of(), Map.of()));
        world.returns("s", sample(1, "i", "1"));
        eval(g, T0);
        assertThat(only(g).state()).isEqualTo(AlertState.FIRING);
        world.returns("s");
        eval(g, T0 + MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.FIRING);
        assertThat(only(g).keepFiringSince()).isEqualTo(T0 + MIN);
        assertThat(world.lastWritten()).contains("{__name__=\"ALERTS\", alertname=\"Sticky\", alertstate=\"firing\", i=\"1\"} 1");
        eval(g, T0 + 3 * MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.FIRING);
        eval(g, T0 + 4 * MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.INACTIVE);
        assertThat(only(g).resolvedAt()).isEqualTo(T0 + 4 * MIN);
    }

    @Test
    void keepFiringSinceResetsWhenTheConditionReturns() {
        RuleGroup g = group(alert("Sticky", "s", Duration.ZERO, Duration.ofMinutes(2), Map.of(), Map.of()));
        world.returns("s", sample(1));
        eval(g, T0);
        world.returns("s");
        eval(g, T0 + MIN);
        world.returns("s", sample(1));
        eval(g, T0 + 2 * MIN);
        assertThat(only(g).keepFiringSince()).isZero();
        world.returns("s");
        eval(g, T0 + 3 * MIN);
        eval(g, T0 + 4 * MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.FIRING);
        eval(g, T0 + 5 * MIN);
        assertThat(only(g).state()).isEqualTo(AlertState.INACTIVE);
    }

    @Test
    void templatedLabelsAndAnnotations() {
        RuleGroup g = group(alert("HighLatency", "lat > 1", Duration.ZERO,
                Duration.ZERO, Map.of("severity", "{{ if gt $value 10.0 }}page{{ else }}ticket{{ end }}", "team", "web"),
                Map.of("summary", "{{ $labels.pod }} at {{ $value | humanizeDuration }}", "broken", "{{ humanize $labels.pod }}")));
        world.returns("lat > 1", sample(90, "__name__", "lat", "pod", "api-1"), sample(2.5, "__name__", "lat", "pod", "api-2"));
        eval(g, T0);
        List<AlertInstance> alerts = rule(g).currentAlerts();
        AlertInstance first = alerts.stream().filter(a -> a.labels().get("pod").equals("api-1")).findFirst().orElseThrow();
        assertThat(first.labels()).isEqualTo(Map.of("alertname", "HighLatency", "pod", "api-1", "severity", "page", "team", "web"));
        assertThat(first.annotations().get("summary")).isEqualTo("api-1 at 1m 30s");
        assertThat(first.annotations().get("broken")).startsWith("<error expanding template: error executing template __alert_HighLatency: ")
                .contains("error calling humanize: strconv.ParseFloat: parsing \"api-1\": invalid syntax");
        assertThat(first.value()).isEqualTo(90);
        AlertInstance second = alerts.stream().filter(a -> a.labels().get("pod").equals("api-2")).findFirst().orElseThrow();
        assertThat(second.labels().get("severity")).isEqualTo("ticket");
        assertThat(second.annotations().get("summary")).isEqualTo("api-2 at 2.5s");
    }

    @Test
    void valueAndAnnotationsFollowTheLatestEvaluation() {
        RuleGroup g = group(alert("V", "v", Duration.ofMinutes(5), Duration.ZERO, Map.of(), Map.of("d", "{{ $value }}")));
        world.returns("v", sample(1, "i", "1"));
        eval(g, T0);
        world.returns("v", sample(2, "i", "1"));
        eval(g, T0 + MIN);
        assertThat(only(g).value()).isEqualTo(2);
        assertThat(only(g).annotations()).isEqualTo(Map.of("d", "2"));
        assertThat(only(g).activeAt()).isEqualTo(T0);
    }

    @Test
    void duplicateLabelSetsAfterRuleLabelsFailTheEvaluation() {
        RuleGroup g = group(alert("Dup", "d", Duration.ZERO, Duration.ZERO, Map.of("instance", "all"), Map.of()));
        world.returns("d", sample(1, "instance", "a"), sample(1, "instance", "b"));
        eval(g, T0);
        RuleStatus.Snapshot s = rule(g).status().get();
        assertThat(s.health()).isEqualTo(RuleHealth.ERR);
        assertThat(s.lastError()).isEqualTo("vector contains metrics with the same labelset after applying alert labels");
        assertThat(rule(g).currentAlerts()).isEmpty();
        assertThat(g.metrics().snapshot().evaluationFailuresTotal()).isEqualTo(1);
    }

    @Test
    void failedQueryKeepsTheStateAndRecovers() {
        RuleGroup g = group(alert("F", "f", Duration.ZERO));
        world.returns("f", sample(1));
        eval(g, T0);
        world.failures.put("f", new RuntimeException("query timed out"));
        eval(g, T0 + MIN);
        assertThat(rule(g).status().get().lastError()).isEqualTo("query timed out");
        assertThat(only(g).state()).isEqualTo(AlertState.FIRING);
        world.failures.clear();
        eval(g, T0 + 2 * MIN);
        assertThat(rule(g).status().get().health()).isEqualTo(RuleHealth.OK);
        assertThat(rule(g).status().get().lastError()).isEmpty();
    }

    @Test
    void limitCountsPendingAndFiringAlerts() {
        RuleGroupSpec spec = new RuleGroupSpec("f.yml", "g", MIN, null, 2, List.of(alert("L", "l", Duration.ofMinutes(1))));
        RuleGroup g = RuleGroup.create(spec, world.engine(), false);
        world.returns("l", sample(1, "i", "1"), sample(1, "i", "2"), sample(1, "i", "3"));
        eval(g, T0);
        assertThat(rule(g).status().get().lastError()).isEqualTo("exceeded limit of 2 with 3 alerts");
        assertThat(rule(g).currentAlerts()).isEmpty();
        world.returns("l", sample(1, "i", "1"), sample(1, "i", "2"));
        eval(g, T0 + MIN);
        assertThat(rule(g).currentAlerts()).hasSize(2);
    }

    @Test
    void queryOffsetShiftsTheQueryAndTheSeriesButNotTheState() {
        RuleGroupSpec spec = new RuleGroupSpec("f.yml", "g", MIN, 30_000L, 0, List.of(alert("O", "o", Duration.ZERO)));
        RuleGroup g = RuleGroup.create(spec, world.engine(), false);
        world.returns("o", sample(1));
        eval(g, T0);
        assertThat(world.queried).containsExactly("o@" + (T0 - 30_000));
        assertThat(world.writes.getLast()).allMatch(s -> s.timestampMs() == T0 - 30_000);
        assertThat(only(g).activeAt()).isEqualTo(T0);
    }
}

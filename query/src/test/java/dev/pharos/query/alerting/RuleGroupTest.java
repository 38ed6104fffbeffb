package dev.pharos.query.alerting;

import static dev.pharos.query.alerting.FakeRuleWorld.alert;
import static dev.pharos.query.alerting.FakeRuleWorld.record;
import static dev.pharos.query.alerting.FakeRuleWorld.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.value.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Recording rules, evaluation order, sending with Prometheus's resend timing, the schedule, and restore after a restart. */
class RuleGroupTest {

    static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();
    static final long MIN = 60_000;

    final FakeRuleWorld world = new FakeRuleWorld();

    @Test
    void recordingRuleWritesSeriesNamedAfterItWithItsLabels() {
        RuleGroup g = RuleGroup.create(FakeRuleWorld.group("g", MIN,
                record("job:requests:rate5m", "sum by (job) (rate(requests[5m]))", Map.of("team", "web"))), world.engine(), false);
        world.returns("sum by (job) (rate(requests[5m]))", sample(1.5, "job", "api", "team", "x"), sample(2, "job", "db"));
        world.now = T0;
        g.evaluate(T0);
        assertThat(world.writes).hasSize(1);
        List<Sample> written = world.writes.getFirst();
        assertThat(written).extracting(Sample::labels).containsExactlyInAnyOrder(
                Labels.of("__name__", "job:requests:rate5m", "job", "api", "team", "web"),
                Labels.of("__name__", "job:requests:rate5m", "job", "db", "team", "web"));
    }

    @Test
    void recordingRuleDuplicatesAfterLabelsAreAnError() {
        RuleGroup g = RuleGroup.create(FakeRuleWorld.group("g", MIN, record("r", "x", Map.of("job", "same"))), world.engine(), false);
        world.returns("x", sample(1, "job", "a"), sample(2, "job", "b"));
        g.evaluate(T0);
        assertThat(g.rules().getFirst().status().get().lastError())
                .isEqualTo("vector contains metrics with the same labelset after applying rule labels");
        assertThat(world.writes).isEmpty();
    }

    @Test
    void recordingRuleOutputAndStalenessMarkers() {
        RuleGroup g = RuleGroup.create(FakeRuleWorld.group("g", MIN, record("r:sum", "x", Map.of())), world.engine(), false);
        world.returns("x", sample(1, "i", "a"), sample(2, "i", "b"));
        g.evaluate(T0);
        assertThat(world.lastWritten()).containsExactlyInAnyOrder("{__name__=\"r:sum\", i=\"a\"} 1", "{__name__=\"r:sum\", i=\"b\"} 2");
        assertThat(world.writes.getLast()).allMatch(s -> s.timestampMs() == T0);
        world.returns("x", sample(3, "i", "a"));
        g.evaluate(T0 + MIN);
        assertThat(world.lastWritten()).containsExactly("{__name__=\"r:sum\", i=\"a\"} 3");
        assertThat(world.lastStale()).containsExactly("{__name__=\"r:sum\", i=\"b\"}");
        world.returns("x");
        g.evaluate(T0 + 2 * MIN);
        assertThat(world.lastStale()).containsExactly("{__name__=\"r:sum\", i=\"a\"}");
        int writes = world.writes.size();
        g.evaluate(T0 + 3 * MIN);
        assertThat(world.writes).hasSize(writes);
    }

    @Test
    void scalarResultsAndLimit() {
        RuleGroupSpec spec = new RuleGroupSpec("f.yml", "g", MIN, null, 1, List.of(record("one", "1", Map.of()), record("many", "m", Map.of())));
        RuleGroup g = RuleGroup.create(spec, world.engine(), false);
        world.returns("1", sample(1));
        world.returns("m", sample(1, "i", "1"), sample(1, "i", "2"));
        g.evaluate(T0);
        assertThat(FakeRuleWorld.describe(world.writes.getFirst(), false)).containsExactly("{__name__=\"one\"} 1");
        assertThat(g.rules().get(1).status().get().lastError()).isEqualTo("exceeded limit of 1 with 2 series");
    }

    @Test
    void rulesRunInOrderAndLaterRulesSeeEarlierOutputWhenTheSinkIsReadable() {
        // A sink that stores into what the queries read: the second rule reads the first one's series.
        FakeRuleWorld w = new FakeRuleWorld() {
            @Override
            public void write(List<Sample> samples) {
                super.write(samples);
                results.put("r1", samples);
            }
        };
        RuleGroup g = RuleGroup.create(FakeRuleWorld.group("g", MIN, record("r1", "src", Map.of()), alert("A", "r1", Duration.ZERO)),
                w.engine(), false);
        w.returns("src", sample(7, "i", "x"));
        w.now = T0;
        g.evaluate(T0);
        assertThat(w.queried).containsExactly("src@" + T0, "r1@" + T0);
        assertThat(((AlertRule) g.rules().get(1)).currentAlerts().getFirst().value()).isEqualTo(7);
    }

    @Test
    void firingAlertsAreResentEveryResendDelayAndResolvedOnesWithTheirResolutionTime() {
        RuleGroup g = RuleGroup.create(FakeRuleWorld.group("g", MIN, alert("A", "a", Duration.ZERO)),
                world.engine(RuleManagerOptions.defaults(java.nio.file.Path.of("r")).withExternal(Map.of(), "https://pharos.example")), false);
        world.returns("a", sample(1, "i", "1"));
        g.evaluate(T0);
        assertThat(world.sent).hasSize(1);
        NotifierAlert first = world.sent.getFirst().getFirst();
        assertThat(first.labels()).isEqualTo(Map.of("alertname", "A", "i", "1"));
        assertThat(first.startsAt()).isEqualTo(Instant.ofEpochMilli(T0));
        // ValidUntil: four times max(interval, resend delay).
        assertThat(first.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 4 * MIN));
        assertThat(first.generatorURL()).isEqualTo("https://pharos.example/ui/#/promql?query=a");
        // Resend delay 1m with a 1m interval: lastSent + 1m must be before now, so every other evaluation.
        g.evaluate(T0 + MIN);
        assertThat(world.sent).hasSize(1);
        g.evaluate(T0 + 2 * MIN);
        assertThat(world.sent).hasSize(2);
        assertThat(world.sent.getLast().getFirst().endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 6 * MIN));
        assertThat(world.sent.getLast().getFirst().startsAt()).isEqualTo(Instant.ofEpochMilli(T0));
        // Resolved: sent at once with endsAt = resolution time, then again every resend delay while retained.
        world.returns("a");
        g.evaluate(T0 + 3 * MIN);
        assertThat(world.sent).hasSize(3);
        NotifierAlert resolved = world.sent.getLast().getFirst();
        assertThat(resolved.endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 3 * MIN));
        assertThat(resolved.startsAt()).isEqualTo(Instant.ofEpochMilli(T0));
        g.evaluate(T0 + 4 * MIN);
        assertThat(world.sent).hasSize(3);
        g.evaluate(T0 + 5 * MIN);
        assertThat(world.sent).hasSize(4);
        assertThat(world.sent.getLast().getFirst().endsAt()).isEqualTo(Instant.ofEpochMilli(T0 + 3 * MIN));
        for (long m = 6; m <= 19; m++) {
            g.evaluate(T0 + m * MIN);
        }
        assertThat(((AlertRule) g.rules().getFirst()).currentAlerts()).isEmpty();
        long sentAfter = world.sent.size();
        g.evaluate(T0 + 20 * MIN);
        assertThat(world.sent).hasSize((int) sentAfter);
    }

    @Test
    void pendingAlertsAreNotSent() {
        RuleGroup g = RuleGroup.create(FakeRuleWorld.group("g", MIN, alert("A", "a", Duration.ofMinutes(10))), world.engine(), false);
        world.returns("a", sample(1));
        for (int m = 0; m < 10; m++) {
            g.evaluate(T0 + m * MIN);
        }
        assertThat(world.sent).isEmpty();
        g.evaluate(T0 + 10 * MIN);
        assertThat(world.sent).hasSize(1);
    }

    @Test
    void evaluationSlotsAreAlignedWithAPerGroupOffset() {
        RuleGroup a = RuleGroup.create(FakeRuleWorld.group("a", MIN), world.engine(), false);
        RuleGroup b = RuleGroup.create(FakeRuleWorld.group("b", MIN), world.engine(), false);
        long now = T0 + 12_345;
        long slotA = a.slotAtOrBefore(now);
        assertThat(slotA).isLessThanOrEqualTo(now).isGreaterThan(now - MIN);
        assertThat(a.slotAtOrBefore(slotA + MIN)).isEqualTo(slotA + MIN);
        assertThat(a.slotAtOrBefore(slotA + MIN - 1)).isEqualTo(slotA);
        assertThat(Math.floorMod(slotA - b.slotAtOrBefore(now), MIN)).isNotZero();
        // Prometheus's offset: the xxhash of the labels {file, name} modulo the interval in nanoseconds.
        long offset = EvalSchedule.offsetNanos("rules/test.yml", "a", MIN);
        assertThat(offset).isEqualTo(Long.remainderUnsigned(Labels.of("file", "rules/test.yml", "name", "a").hash(), MIN * 1_000_000L));
        assertThat(Math.floorMod(slotA, MIN)).isEqualTo(offset / 1_000_000L);
    }

    @Test
    void restoreAfterRestartKeepsTheForClockButNotTheDowntime() {
        RuleGroupSpec spec = FakeRuleWorld.group("g", MIN, alert("Slow", "s", Duration.ofMinutes(30)));
        RuleGroup before = RuleGroup.create(spec, world.engine(), false);
        world.returns("s", sample(1, "i", "1"));
        for (int m = 0; m <= 10; m++) {
            before.evaluate(T0 + m * MIN);
        }
        AlertStateSnapshot saved = new AlertStateSnapshot(T0 + 10 * MIN, before.savedState());
        assertThat(saved.rules().getFirst().alerts()).containsExactly(
                new AlertStateSnapshot.SavedAlert(Map.of("alertname", "Slow", "i", "1"), "pending", T0));

        // Down from 10m to 12m. After a restart, two evaluations, then the restore.
        RuleGroup after = RuleGroup.create(spec, world.engine(), true);
        int writes = world.writes.size();
        after.evaluate(T0 + 12 * MIN);
        after.evaluate(T0 + 13 * MIN);
        assertThat(world.writes).hasSize(writes);
        assertThat(after.needsRestore()).isTrue();
        after.restoreForState(saved, T0 + 13 * MIN);
        assertThat(after.needsRestore()).isFalse();
        AlertRule rule = (AlertRule) after.rules().getFirst();
        // 10 minutes spent pending, 20 to go: active since 3m so that it fires at 33m.
        assertThat(rule.currentAlerts().getFirst().activeAt()).isEqualTo(T0 + 3 * MIN);
        after.evaluate(T0 + 32 * MIN);
        assertThat(rule.state()).isEqualTo(AlertState.PENDING);
        after.evaluate(T0 + 33 * MIN);
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
        assertThat(world.lastWritten()).contains("{__name__=\"ALERTS_FOR_STATE\", alertname=\"Slow\", i=\"1\"} " + (T0 + 3 * MIN) / 1000);
    }

    @Test
    void restoreOfAFiringAlertFiresAtTheNextEvaluation() {
        RuleGroupSpec spec = FakeRuleWorld.group("g", MIN, alert("Slow", "s", Duration.ofMinutes(15)));
        world.returns("s", sample(1));
        AlertStateSnapshot saved = new AlertStateSnapshot(T0, List.of(new AlertStateSnapshot.SavedRule("rules/test.yml", "g", "Slow",
                Map.of(), T0 + 20 * MIN, List.of(new AlertStateSnapshot.SavedAlert(Map.of("alertname", "Slow"), "firing", T0)))));
        RuleGroup after = RuleGroup.create(spec, world.engine(), true);
        after.evaluate(T0 + 25 * MIN);
        after.evaluate(T0 + 26 * MIN);
        after.restoreForState(saved, T0 + 26 * MIN);
        after.evaluate(T0 + 27 * MIN);
        assertThat(((AlertRule) after.rules().getFirst()).state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void restoreWithLittleTimeLeftWaitsTheGracePeriod() {
        RuleGroupSpec spec = FakeRuleWorld.group("g", MIN, alert("Slow", "s", Duration.ofMinutes(30)));
        world.returns("s", sample(1));
        // Pending for 25 of 30 minutes when it went down: 5 minutes left, less than the 10 minute grace period.
        AlertStateSnapshot saved = new AlertStateSnapshot(T0, List.of(new AlertStateSnapshot.SavedRule("rules/test.yml", "g", "Slow",
                Map.of(), T0 + 25 * MIN, List.of(new AlertStateSnapshot.SavedAlert(Map.of("alertname", "Slow"), "pending", T0)))));
        RuleGroup after = RuleGroup.create(spec, world.engine(), true);
        after.evaluate(T0 + 26 * MIN);
        after.evaluate(T0 + 27 * MIN);
        after.restoreForState(saved, T0 + 27 * MIN);
        AlertRule rule = (AlertRule) after.rules().getFirst();
        assertThat(rule.currentAlerts().getFirst().activeAt()).isEqualTo(T0 + 27 * MIN + 10 * MIN - 30 * MIN);
        after.evaluate(T0 + 36 * MIN);
        assertThat(rule.state()).isEqualTo(AlertState.PENDING);
        after.evaluate(T0 + 37 * MIN);
        assertThat(rule.state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void stateOlderThanTheOutageToleranceIsIgnored() {
        RuleGroupSpec spec = FakeRuleWorld.group("g", MIN, alert("Slow", "s", Duration.ofMinutes(30)));
        world.returns("s", sample(1));
        AlertStateSnapshot saved = new AlertStateSnapshot(T0, List.of(new AlertStateSnapshot.SavedRule("rules/test.yml", "g", "Slow",
                Map.of(), T0, List.of(new AlertStateSnapshot.SavedAlert(Map.of("alertname", "Slow"), "firing", T0 - 60 * MIN)))));
        RuleGroup after = RuleGroup.create(spec, world.engine(), true);
        after.evaluate(T0 + 120 * MIN);
        after.evaluate(T0 + 121 * MIN);
        after.restoreForState(saved, T0 + 121 * MIN);
        assertThat(((AlertRule) after.rules().getFirst()).currentAlerts().getFirst().activeAt()).isEqualTo(T0 + 120 * MIN);
    }

    @Test
    void reloadKeepsTheStateOfMatchingRulesAndMarksRemovedRulesStale() {
        RuleGroup old = RuleGroup.create(FakeRuleWorld.group("g", MIN, alert("A", "a", Duration.ofMinutes(5)), record("gone", "x", Map.of())),
                world.engine(), false);
        world.returns("a", sample(1));
        world.returns("x", sample(1, "i", "1"));
        old.evaluate(T0);
        RuleGroup updated = RuleGroup.create(FakeRuleWorld.group("g", MIN, alert("A", "a", Duration.ofMinutes(5)), record("new", "y", Map.of())),
                world.engine(), false);
        updated.copyState(old);
        assertThat(((AlertRule) updated.rules().getFirst()).currentAlerts().getFirst().activeAt()).isEqualTo(T0);
        updated.evaluate(T0 + MIN);
        List<String> stale = world.writes.stream().flatMap(w -> FakeRuleWorld.describe(w, true).stream()).toList();
        assertThat(stale).contains("{__name__=\"gone\", i=\"1\"}");
    }
}

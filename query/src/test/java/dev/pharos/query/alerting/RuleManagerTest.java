package dev.pharos.query.alerting;

import static dev.pharos.query.alerting.FakeRuleWorld.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a directory, atomic reloads that keep state, the run loop on real time, state across a restart, and the watcher. */
class RuleManagerTest {

    @TempDir
    Path dir;

    final FakeRuleWorld world = new FakeRuleWorld() {
        @Override
        public long nowMillis() {
            return System.currentTimeMillis();
        }
    };

    RuleManager manager(StateStore store, RuleManagerOptions options) {
        return new RuleManager(options, world, world, world, store, world);
    }

    RuleManagerOptions options() {
        return RuleManagerOptions.defaults(dir).withDefaultInterval(Duration.ofSeconds(1));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void reloadIsAtomicAndKeepsUnchangedGroups() throws Exception {
        Files.writeString(dir.resolve("a.yml"), """
                groups:
                  - name: one
                    rules:
                      - alert: A
                        expr: a > 0
                        for: 5m
                  - name: two
                    rules:
                      - record: r:x
                        expr: x
                """);
        Files.writeString(dir.resolve("b.yaml"), "groups: [{name: three, rules: [{record: r:y, expr: y}]}]\n");
        Files.writeString(dir.resolve("notes.txt"), "not rules");
        Files.writeString(dir.resolve(".hidden.yml"), "garbage: [");
        RuleManager m = manager(StateStore.none(), options());
        RuleManager.ReloadResult r = m.reload();
        assertThat(r.success()).isTrue();
        assertThat(r.groups()).isEqualTo(3);
        assertThat(m.groups()).extracting(g -> g.spec().name()).containsExactly("one", "two", "three");
        assertThat(m.groups().getFirst().spec().file()).isEqualTo(dir.resolve("a.yml").toString());
        RuleGroup one = m.groups().get(0);
        RuleGroup two = m.groups().get(1);
        world.returns("a > 0", sample(1, "i", "1"));
        one.evaluate(System.currentTimeMillis());

        // A broken file: nothing changes, the errors say where.
        Files.writeString(dir.resolve("b.yaml"), "groups: [{name: three, rules: [{record: r:y, expr: 'y +'}]}]\n");
        RuleManager.ReloadResult bad = m.reload();
        assertThat(bad.success()).isFalse();
        assertThat(bad.errors()).singleElement().asString().startsWith(dir.resolve("b.yaml") + ":1:").contains("could not parse expression");
        assertThat(m.groups()).containsExactly(one, two, m.groups().get(2));
        assertThat(m.lastReload().success()).isFalse();
        assertThat(RuleManager.check(dir)).hasSize(1);

        // Group "one" changes (a label added to another rule), "two" does not, "three" goes away.
        Files.writeString(dir.resolve("a.yml"), """
                groups:
                  - name: one
                    rules:
                      - alert: A
                        expr: a > 0
                        for: 5m
                      - record: r:new
                        expr: n
                  - name: two
                    rules:
                      - record: r:x
                        expr: x
                """);
        Files.delete(dir.resolve("b.yaml"));
        assertThat(m.reload().success()).isTrue();
        assertThat(m.groups()).hasSize(2);
        assertThat(m.groups().get(1)).isSameAs(two);
        RuleGroup newOne = m.groups().get(0);
        assertThat(newOne).isNotSameAs(one);
        AlertRule a = (AlertRule) newOne.rules().getFirst();
        assertThat(a.currentAlerts()).hasSize(1);
        assertThat(RuleManager.check(dir)).isEmpty();
        m.close();
    }

    @Test
    void runsGroupsOnTheirSlotsAndNotifies() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: fast
                    interval: 1s
                    rules:
                      - record: r:up
                        expr: up
                      - alert: Up
                        expr: r:up > 0
                        labels: {severity: page}
                """);
        world.returns("up", sample(1, "__name__", "up", "job", "api"));
        world.returns("r:up > 0", sample(1, "job", "api"));
        RuleManager m = manager(StateStore.none(), options());
        m.start();
        try {
            await(() -> !world.sent.isEmpty());
            assertThat(world.sent.getFirst().getFirst().labels()).containsEntry("alertname", "Up").containsEntry("severity", "page");
            // ALERTS are written only after the restore, which waits for two evaluations after a start.
            await(() -> world.writes.stream().flatMap(List::stream).anyMatch(s -> s.labels().metricName().equals("ALERTS")));
            RuleGroup g = m.groups().getFirst();
            long slot = g.lastEvalTimestampMs();
            assertThat(slot).isEqualTo(g.slotAtOrBefore(slot));
            RuleGroupMetrics.Snapshot metrics = m.metrics().getFirst();
            assertThat(metrics.group()).isEqualTo(dir.resolve("rules.yml") + ";fast");
            assertThat(metrics.iterationsTotal()).isGreaterThanOrEqualTo(2);
            assertThat(metrics.evaluationsTotal()).isGreaterThanOrEqualTo(4);
            assertThat(metrics.evaluationFailuresTotal()).isZero();
            assertThat(metrics.intervalSeconds()).isEqualTo(1.0);
            assertThat(m.alerts().alerts()).singleElement().extracting(RulesApiModel.ApiAlert::state).isEqualTo("firing");
        } finally {
            m.close();
        }
    }

    @Test
    void alertStateSurvivesARestart() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: slow
                    interval: 1s
                    rules:
                      - alert: Slow
                        expr: s > 0
                        for: 1h
                """);
        world.returns("s > 0", sample(1, "i", "1"));
        Path stateFile = dir.resolve("state/alerts.json");
        long now = System.currentTimeMillis();
        long activeAt = now - 30 * 60_000;
        JsonFileStateStore store = new JsonFileStateStore(stateFile);
        store.save(new AlertStateSnapshot(now - 1000, List.of(new AlertStateSnapshot.SavedRule(dir.resolve("rules.yml").toString(), "slow",
                "Slow", Map.of(), now - 1000, List.of(new AlertStateSnapshot.SavedAlert(Map.of("alertname", "Slow", "i", "1"), "pending", activeAt))))));
        RuleManagerOptions options = options().withRestore(Duration.ofHours(1), Duration.ZERO);
        RuleManager m = manager(store, options);
        m.start();
        AlertRule rule = (AlertRule) m.groups().getFirst().rules().getFirst();
        try {
            await(rule::restored);
            long restored = rule.currentAlerts().getFirst().activeAt();
            // Half an hour of pending kept; only the downtime (a few seconds) is not counted.
            assertThat(restored).isBetween(activeAt, activeAt + 10_000);
        } finally {
            m.close();
        }
        AlertStateSnapshot saved = store.load();
        assertThat(saved.rules()).singleElement().satisfies(r -> {
            assertThat(r.rule()).isEqualTo("Slow");
            assertThat(r.alerts()).singleElement().extracting(AlertStateSnapshot.SavedAlert::state).isEqualTo("pending");
            assertThat(r.alerts().getFirst().activeAtMs()).isBetween(activeAt, activeAt + 10_000);
        });
    }

    @Test
    void watcherReloadsOnChange() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), "groups: [{name: g, rules: [{record: r:a, expr: a}]}]\n");
        RuleManager m = manager(StateStore.none(), options());
        m.reload();
        try (RuleDirectoryWatcher w = m.watchDirectory()) {
            Files.writeString(dir.resolve("more.yml"), "groups: [{name: h, rules: [{record: r:b, expr: b}]}]\n");
            await(() -> m.groups().size() == 2);
        } finally {
            m.close();
        }
    }
}

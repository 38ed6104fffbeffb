package dev.pharos.app;

import dev.pharos.app.config.ConfigException;
import dev.pharos.app.config.DurationText;
import dev.pharos.app.config.PharosConfig;
import dev.pharos.query.alerting.Clock;
import dev.pharos.query.alerting.EngineRuleQueries;
import dev.pharos.query.alerting.JsonFileStateStore;
import dev.pharos.query.alerting.Notifier;
import dev.pharos.query.alerting.PromSampleSink;
import dev.pharos.query.alerting.RuleDirectoryWatcher;
import dev.pharos.query.alerting.RuleGroupMetrics;
import dev.pharos.query.alerting.RuleManager;
import dev.pharos.query.alerting.RuleManagerOptions;
import dev.pharos.query.alerting.notify.AlertmanagerNotifier;
import dev.pharos.query.alerting.notify.JdkHttpSender;
import dev.pharos.query.alerting.notify.WebhookNotifier;
import dev.pharos.query.promql.clickhouse.PromReader;
import dev.pharos.query.promql.clickhouse.PromWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The rule engine of a running server: rule files from {@code alerting.rulesDir}, evaluated over
 * the engine's tables (PromQL, logs, spans), results written back as Prometheus series, alerts to
 * the configured Alertmanagers and webhooks (and nowhere else), reloaded when a file changes or
 * on SIGHUP, its health on /metrics.
 */
final class RuleRuntime implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RuleRuntime.class);

    private final RuleManager rules;
    private final RuleDirectoryWatcher watcher;
    private final List<AutoCloseable> notifiers;

    private RuleRuntime(RuleManager rules, RuleDirectoryWatcher watcher, List<AutoCloseable> notifiers) {
        this.rules = rules;
        this.watcher = watcher;
        this.notifiers = notifiers;
    }

    RuleManager rules() {
        return rules;
    }

    /** Null when alerting is off (no rules directory configured). */
    static RuleRuntime start(PharosConfig.Alerting config, PromReader reader, String externalUrl, Path dataDir, PrometheusRegistry registry) {
        if (!config.enabled()) {
            return null;
        }
        Path dir = Path.of(config.rulesDir()).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException("alerting.rulesDir: " + dir + " is not a directory; create it (rule files go there) or remove the setting");
        }
        List<Notifier> targets = new ArrayList<>();
        List<AutoCloseable> closeables = new ArrayList<>();
        AlertmanagerNotifier am = null;
        if (!config.alertmanagers().isEmpty()) {
            am = new AlertmanagerNotifier(AlertmanagerNotifier.Options.defaults(config.alertmanagers().stream()
                    .map(URI::create).toList()), new JdkHttpSender(Duration.ofSeconds(10)));
            am.start();
            targets.add(am);
            closeables.add(am);
        }
        if (!config.webhooks().isEmpty()) {
            WebhookNotifier hooks = new WebhookNotifier(WebhookNotifier.Options.defaults(config.webhooks().stream().map(URI::create).toList()),
                    new JdkHttpSender(Duration.ofSeconds(10)), Clock.system());
            hooks.start();
            targets.add(hooks);
            closeables.add(hooks);
        }
        String url = config.externalUrl() != null ? config.externalUrl() : externalUrl;
        RuleManagerOptions options = RuleManagerOptions.defaults(dir).withDefaultInterval(DurationText.parse(config.evaluationInterval()))
                .withExternal(Map.of(), url);
        RuleManager rules = new RuleManager(options, EngineRuleQueries.of(reader),
                new PromSampleSink(new PromWriter(reader.clickHouse(), reader.options())), Notifier.all(targets),
                new JsonFileStateStore(dataDir.resolve("alerting").resolve("state.json")), Clock.system());
        RuleManager.ReloadResult loaded = rules.reload();
        if (!loaded.success()) {
            closeables.forEach(RuleRuntime::closeQuietly);
            throw new ConfigException("the rule files in " + dir + " have errors (check them with ./pharos rules check " + dir + "):\n  "
                    + String.join("\n  ", loaded.errors()));
        }
        rules.start();
        RuleDirectoryWatcher watcher;
        try {
            watcher = rules.watchDirectory();
        } catch (IOException e) {
            rules.close();
            closeables.forEach(RuleRuntime::closeQuietly);
            throw new ConfigException("cannot watch " + dir + " for rule changes: " + e.getMessage(), e);
        }
        onSighup(rules);
        registry.register(metrics(rules));
        if (am != null) {
            registry.register(notifierMetrics(am));
        }
        log.info("alerting: {} rule group(s), {} rule(s) from {}; notifying {} Alertmanager(s), {} webhook(s)", loaded.groups(), loaded.rules(),
                dir, config.alertmanagers().size(), config.webhooks().size());
        return new RuleRuntime(rules, watcher, closeables);
    }

    /** SIGHUP reloads the rule files, as it does for Prometheus. */
    private static void onSighup(RuleManager rules) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                RuleManager.ReloadResult r = rules.reload();
                if (r.success()) {
                    log.info("SIGHUP: rules reloaded, {} group(s)", r.groups());
                } else {
                    log.warn("SIGHUP: rule files have errors, the previous rules keep running:\n  {}", String.join("\n  ", r.errors()));
                }
            });
        } catch (IllegalArgumentException unsupported) {
            log.info("SIGHUP is not available here; rule files are still reloaded when they change");
        }
    }

    /** Prometheus's rule-group metrics, so existing dashboards for rule evaluation work. */
    private static MultiCollector metrics(RuleManager rules) {
        return () -> {
            List<RuleGroupMetrics.Snapshot> groups = rules.metrics();
            MetricSnapshots.Builder out = MetricSnapshots.builder();
            gauge(out, groups, "prometheus_rule_group_last_duration_seconds", "Duration of the last evaluation of the group", RuleGroupMetrics.Snapshot::lastDurationSeconds);
            gauge(out, groups, "prometheus_rule_group_last_evaluation_timestamp_seconds", "When the group was last evaluated",
                    RuleGroupMetrics.Snapshot::lastEvaluationTimestampSeconds);
            gauge(out, groups, "prometheus_rule_group_interval_seconds", "Evaluation interval of the group", RuleGroupMetrics.Snapshot::intervalSeconds);
            gauge(out, groups, "prometheus_rule_group_rules", "Rules in the group", s -> s.rules());
            counter(out, groups, "prometheus_rule_group_iterations_missed", "Evaluations skipped because the previous one was slow",
                    s -> s.iterationsMissedTotal());
            counter(out, groups, "prometheus_rule_evaluations", "Rule evaluations", s -> s.evaluationsTotal());
            counter(out, groups, "prometheus_rule_evaluation_failures", "Rule evaluations that failed", s -> s.evaluationFailuresTotal());
            gauge(out, groups, "pharos_rule_group_last_evaluation_lag_seconds", "How late the last evaluation started after its slot",
                    RuleGroupMetrics.Snapshot::lastLagSeconds);
            return out.build();
        };
    }

    /** Prometheus's notifier metrics, per Alertmanager where Prometheus has them so. */
    private static MultiCollector notifierMetrics(AlertmanagerNotifier am) {
        return () -> {
            AlertmanagerNotifier.Stats s = am.stats();
            CounterSnapshot.Builder sent = CounterSnapshot.builder().name("prometheus_notifications_sent").help("Alerts sent to Alertmanager");
            s.sentByAlertmanager().forEach((url, n) -> sent.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("alertmanager", url)).value(n).build()));
            CounterSnapshot.Builder errors = CounterSnapshot.builder().name("prometheus_notifications_errors")
                    .help("Alerts that could not be sent to Alertmanager");
            s.errorsByAlertmanager().forEach((url, n) -> errors.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                    .labels(Labels.of("alertmanager", url)).value(n).build()));
            return MetricSnapshots.builder().metricSnapshot(sent.build()).metricSnapshot(errors.build())
                    .metricSnapshot(CounterSnapshot.builder().name("prometheus_notifications_dropped")
                            .help("Alerts dropped: the send queue was full")
                            .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(s.dropped()).build()).build())
                    .metricSnapshot(GaugeSnapshot.builder().name("prometheus_notifications_queue_length").help("Alerts waiting to be sent")
                            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.queueLength()).build()).build())
                    .metricSnapshot(GaugeSnapshot.builder().name("prometheus_notifications_queue_capacity").help("Capacity of the send queue")
                            .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(s.queueCapacity()).build()).build())
                    .build();
        };
    }

    private static void gauge(MetricSnapshots.Builder out, List<RuleGroupMetrics.Snapshot> groups, String name, String help,
                              ToDoubleFunction<RuleGroupMetrics.Snapshot> value) {
        GaugeSnapshot.Builder g = GaugeSnapshot.builder().name(name).help(help);
        for (RuleGroupMetrics.Snapshot s : groups) {
            g.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(Labels.of("rule_group", s.group())).value(value.applyAsDouble(s)).build());
        }
        out.metricSnapshot(g.build());
    }

    private static void counter(MetricSnapshots.Builder out, List<RuleGroupMetrics.Snapshot> groups, String name, String help,
                                ToDoubleFunction<RuleGroupMetrics.Snapshot> value) {
        CounterSnapshot.Builder c = CounterSnapshot.builder().name(name).help(help);
        for (RuleGroupMetrics.Snapshot s : groups) {
            c.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(Labels.of("rule_group", s.group())).value(value.applyAsDouble(s))
                    .build());
        }
        out.metricSnapshot(c.build());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {} failed", c, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(watcher);
        rules.close();
        notifiers.forEach(RuleRuntime::closeQuietly);
    }
}

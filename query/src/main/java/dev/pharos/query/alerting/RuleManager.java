package dev.pharos.query.alerting;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the rule files of a directory and runs their groups (Prometheus's rules.Manager).
 *
 * <pre>
 * RuleManager rules = new RuleManager(options, queries, sink, notifier, new JsonFileStateStore(stateFile), Clock.system());
 * RuleManager.ReloadResult first = rules.reload();   // errors: first.errors(), nothing runs until a load succeeds
 * rules.start();                                     // restores saved alert state, starts every group
 * RuleDirectoryWatcher watcher = rules.watchDirectory(); // reload on file changes; call rules.reload() on SIGHUP too
 * ... rules.rules(RulesApiModel.RulesFilter.all()), rules.alerts(), rules.metrics() ...
 * watcher.close(); rules.close();                    // stops the groups and saves the alert state
 * </pre>
 *
 * A reload reads every *.yml / *.yaml file directly in the directory (hidden files skipped). If any
 * file has an error, the previous rule set keeps running untouched and the errors are returned (and
 * kept in {@link #lastReload()}). Otherwise groups are swapped: unchanged groups keep running as they
 * are; a changed group stops after its current evaluation and its replacement takes over the alert
 * state of rules with the same name and labels; a removed group's series are marked stale.
 */
public final class RuleManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleManager.class);

    /** The outcome of a reload. */
    public record ReloadResult(boolean success, List<String> errors, int groups, int rules, long atMs) {}

    private final RuleEngine engine;
    private final StateStore store;
    private final Map<String, GroupRunner> runners = new LinkedHashMap<>();
    private final Map<String, RuleGroup> groups = new LinkedHashMap<>();
    private volatile List<RuleGroup> view = List.of();
    private volatile ReloadResult lastReload;
    /** Volatile, not guarded: group threads read it while a reload holds the manager's lock and waits for them. */
    private volatile AlertStateSnapshot restoreFrom = AlertStateSnapshot.empty();
    private boolean loadedOnce;
    private boolean started;
    private boolean closed;
    private final java.util.concurrent.atomic.AtomicLong lastSaveMs = new java.util.concurrent.atomic.AtomicLong();

    public RuleManager(RuleManagerOptions options, RuleQueries queries, SampleSink sink, Notifier notifier, StateStore store, Clock clock) {
        this.engine = new RuleEngine(queries, sink, notifier, clock, options);
        this.store = store;
    }

    public RuleManagerOptions options() {
        return engine.options();
    }

    /** Validates the rule files of {@code directory} without running anything: every error, or none. */
    public static List<String> check(Path directory) {
        List<String> errors = new ArrayList<>();
        load(directory, errors);
        return errors;
    }

    private static List<RuleGroupSpec> load(Path directory, List<String> errors) {
        List<RuleGroupSpec> specs = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*.{yml,yaml}")) {
            for (Path p : dir) {
                if (!p.getFileName().toString().startsWith(".") && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            errors.add(directory + ": " + e);
            return specs;
        }
        files.sort(null);
        for (Path p : files) {
            try {
                specs.addAll(RuleFileParser.read(p, p.toString()));
            } catch (RuleFileException e) {
                errors.addAll(e.errors());
            }
        }
        return specs;
    }

    /** Reads the directory again and swaps the rule set if every file is valid. */
    public synchronized ReloadResult reload() {
        if (closed) {
            throw new IllegalStateException("rule manager is closed");
        }
        long now = engine.clock().nowMillis();
        List<String> errors = new ArrayList<>();
        List<RuleGroupSpec> specs = load(engine.options().directory(), errors);
        if (!errors.isEmpty()) {
            errors.forEach(e -> LOG.error("loading rules failed: {}", e));
            lastReload = new ReloadResult(false, errors, groups.size(), ruleCount(groups.values()), now);
            return lastReload;
        }
        boolean restore = !loadedOnce;
        Map<String, RuleGroup> next = new LinkedHashMap<>();
        Map<String, RuleGroup> old = new LinkedHashMap<>(groups);
        for (RuleGroupSpec spec : specs) {
            RuleGroup previous = old.remove(spec.key());
            if (previous != null && previous.spec().sameDefinition(spec)) {
                next.put(spec.key(), previous);
                continue;
            }
            RuleGroup fresh = RuleGroup.create(spec, engine, restore);
            if (previous != null) {
                GroupRunner r = runners.remove(spec.key());
                if (r != null) {
                    r.stop();
                }
                fresh.copyState(previous);
            }
            next.put(spec.key(), fresh);
            if (started) {
                startRunner(fresh);
            }
        }
        for (Map.Entry<String, RuleGroup> removed : old.entrySet()) {
            GroupRunner r = runners.remove(removed.getKey());
            if (r != null) {
                r.stop();
            }
            removed.getValue().markAllStale(engine.clock().nowMillis());
        }
        groups.clear();
        groups.putAll(next);
        view = List.copyOf(next.values());
        loadedOnce = true;
        lastReload = new ReloadResult(true, List.of(), next.size(), ruleCount(next.values()), now);
        LOG.info("loaded {} rule groups with {} rules from {}", next.size(), lastReload.rules(), engine.options().directory());
        return lastReload;
    }

    private static int ruleCount(Iterable<RuleGroup> gs) {
        int n = 0;
        for (RuleGroup g : gs) {
            n += g.rules().size();
        }
        return n;
    }

    /** Restores the saved alert state and starts evaluating; loads the rules first if no load succeeded yet. */
    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            restoreFrom = store.load();
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not read the saved alert state, starting without it: {}", e.toString());
            restoreFrom = AlertStateSnapshot.empty();
        }
        if (!loadedOnce) {
            reload();
        }
        started = true;
        groups.values().forEach(this::startRunner);
    }

    private void startRunner(RuleGroup g) {
        GroupRunner r = new GroupRunner(g, engine.clock(), restoreFrom, this::afterIteration);
        runners.put(g.spec().key(), r);
        r.start();
    }

    private void afterIteration(RuleGroup g) {
        long now = engine.clock().nowMillis();
        long last = lastSaveMs.get();
        // Never the manager's lock here: a reload holding it waits for this thread to finish.
        if (now - last >= engine.options().stateSaveInterval().toMillis() && lastSaveMs.compareAndSet(last, now)) {
            saveState();
        }
    }

    /** Writes the current alert state to the store. */
    public void saveState() {
        List<AlertStateSnapshot.SavedRule> rules = new ArrayList<>();
        AlertStateSnapshot previous = restoreFrom;
        for (RuleGroup g : view) {
            rules.addAll(g.savedState(previous));
        }
        try {
            store.save(new AlertStateSnapshot(engine.clock().nowMillis(), rules));
        } catch (IOException | RuntimeException e) {
            LOG.warn("saving the alert state failed: {}", e.toString());
        }
    }

    /** The groups now loaded, in file order. */
    public List<RuleGroup> groups() {
        return view;
    }

    /** The outcome of the last reload, or null before the first. */
    public ReloadResult lastReload() {
        return lastReload;
    }

    /** The data of GET /api/v1/rules. */
    public RulesApiModel.RuleDiscovery rules(RulesApiModel.RulesFilter filter) {
        return RulesApiModel.rules(view, filter);
    }

    /** The data of GET /api/v1/alerts. */
    public RulesApiModel.AlertDiscovery alerts() {
        return RulesApiModel.alerts(view);
    }

    /** Per-group evaluation metrics, to export. */
    public List<RuleGroupMetrics.Snapshot> metrics() {
        return view.stream().map(g -> g.metrics().snapshot()).toList();
    }

    /** Watches the directory and reloads when a rule file changes (see {@link RuleDirectoryWatcher}). */
    public RuleDirectoryWatcher watchDirectory() throws IOException {
        return RuleDirectoryWatcher.start(engine.options().directory(), this::reload);
    }

    /** Stops every group (after its evaluation in progress) and saves the alert state. */
    @Override
    public void close() {
        List<GroupRunner> stopping;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = new ArrayList<>(runners.values());
            runners.clear();
        }
        stopping.forEach(GroupRunner::stop);
        if (started) {
            saveState();
        }
    }
}

package dev.pharos.query.alerting;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one group on its own virtual thread: waits for the group's first slot after now, evaluates at
 * each slot, restores alert state after the second evaluation (as Prometheus: the first one may run
 * before recording rules have caught up), and counts the slots it had to skip because an evaluation
 * ran longer than the interval. Stopping waits for a running evaluation to finish.
 */
final class GroupRunner {

    private static final Logger LOG = LoggerFactory.getLogger(GroupRunner.class);

    private final RuleGroup group;
    private final Clock clock;
    private final AlertStateSnapshot restoreFrom;
    private final Consumer<RuleGroup> afterIteration;
    private final Object sleeper = new Object();
    private volatile boolean running = true;
    private Thread thread;

    GroupRunner(RuleGroup group, Clock clock, AlertStateSnapshot restoreFrom, Consumer<RuleGroup> afterIteration) {
        this.group = group;
        this.clock = clock;
        this.restoreFrom = restoreFrom;
        this.afterIteration = afterIteration;
    }

    RuleGroup group() {
        return group;
    }

    void start() {
        thread = Thread.ofVirtual().name("rule-group " + group.spec().key()).start(this::run);
    }

    private void run() {
        long interval = group.intervalMs();
        long slot = group.slotAtOrBefore(clock.nowMillis()) + interval;
        int iterations = 0;
        while (sleepUntil(slot)) {
            try {
                group.evaluate(slot);
                iterations++;
                if (iterations == 2 && group.needsRestore()) {
                    group.restoreForState(restoreFrom, clock.nowMillis());
                }
                afterIteration.accept(group);
            } catch (RuntimeException e) {
                LOG.error("evaluating group {} failed", group.spec().key(), e);
            }
            long next = slot + interval;
            long latest = group.slotAtOrBefore(clock.nowMillis());
            if (latest > next) {
                long missed = (latest - next) / interval;
                group.metrics().missed.addAndGet(missed);
                group.metrics().iterations.addAndGet(missed);
                LOG.warn("group {} missed {} evaluations: its evaluation takes longer than its interval", group.spec().key(), missed);
                next = latest;
            }
            slot = next;
        }
    }

    /** False when stopped while waiting. */
    private boolean sleepUntil(long atMs) {
        synchronized (sleeper) {
            while (running) {
                long wait = atMs - clock.nowMillis();
                if (wait <= 0) {
                    return true;
                }
                try {
                    sleeper.wait(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /** Stops after the evaluation in progress, if any, and waits for that. */
    void stop() {
        running = false;
        synchronized (sleeper) {
            sleeper.notifyAll();
        }
        if (thread != null) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

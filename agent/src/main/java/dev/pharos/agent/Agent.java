package dev.pharos.agent;

import dev.pharos.agent.collect.Checkpoint;
import dev.pharos.agent.collect.CheckpointStore;
import dev.pharos.agent.collect.FileTailer;
import dev.pharos.agent.forward.Batcher;
import dev.pharos.agent.forward.Forwarder;
import dev.pharos.agent.forward.SendBudget;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pharos agent}: follows the container log files of one node and forwards them to Pharos
 * gateways. The data flow is collect (find files, tail, parse, join partial lines) then forward
 * (batch, encode OTLP, balance over gateways); checkpoints close the loop, moving only over what
 * a gateway acknowledged.
 *
 * <p>Threads: one tails every file, {@code maxInFlight} send batches, one writes checkpoints,
 * one serves /metrics when asked for.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final AgentSettings settings;
    private final AgentMetrics metrics;
    private final CheckpointStore checkpoints;
    private final SendBudget budget;
    private final Forwarder forwarder;
    private final FileTailer tailer;
    private final MetricsEndpoint endpoint;
    private final ScheduledExecutorService checkpointer;
    /** Guards the checkpoint file: the periodic writer and the final write at close. */
    private final Object checkpointLock = new Object();
    private List<Checkpoint> lastSaved = List.of();
    private boolean checkpointFailing;
    private boolean storeClosed;
    private boolean closed;

    private Agent(AgentSettings settings, AgentMetrics metrics, CheckpointStore checkpoints, SendBudget budget, Forwarder forwarder,
                  FileTailer tailer, MetricsEndpoint endpoint) {
        this.settings = settings;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.budget = budget;
        this.forwarder = forwarder;
        this.tailer = tailer;
        this.endpoint = endpoint;
        this.checkpointer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("pharos-agent-checkpoint")
                .daemon().unstarted(r));
    }

    /** Starts the agent; an {@link IOException} with a clear message when its directories or port cannot be used. */
    public static Agent start(AgentSettings settings) throws IOException {
        AgentMetrics metrics = new AgentMetrics(new PrometheusRegistry());
        CheckpointStore store = CheckpointStore.open(settings.checkpointDir());
        Forwarder forwarder = null;
        MetricsEndpoint endpoint = null;
        try {
            List<Checkpoint> saved = store.load();
            SendBudget budget = new SendBudget(settings.bufferBytes());
            forwarder = new Forwarder(settings, budget, metrics);
            Batcher batcher = new Batcher(settings, forwarder, budget, metrics);
            FileTailer tailer = new FileTailer(settings, saved, batcher, metrics);
            metrics.gauges(tailer::filesTracked, budget::used, budget.limit());
            if (settings.metricsPort() >= 0) {
                endpoint = MetricsEndpoint.start(settings.metricsAddress(), settings.metricsPort(), metrics.registry());
            }
            Agent agent = new Agent(settings, metrics, store, budget, forwarder, tailer, endpoint);
            LOG.info("pharos agent starting: container logs under {} ({}), gateways {}, checkpoints in {} ({} saved positions){}",
                    settings.podsDir(), settings.include(), forwarder.gatewayNames(), settings.checkpointDir(), saved.size(),
                    endpoint == null ? "" : ", metrics on http://" + endpoint.address() + ":" + endpoint.port() + "/metrics");
            tailer.start();
            long every = settings.checkpointInterval().toMillis();
            agent.checkpointer.scheduleWithFixedDelay(agent::saveCheckpoints, every, every, TimeUnit.MILLISECONDS);
            return agent;
        } catch (IOException | RuntimeException e) {
            if (endpoint != null) {
                endpoint.close();
            }
            if (forwarder != null) {
                try {
                    forwarder.close(java.time.Duration.ZERO);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
            store.close();
            throw e;
        }
    }

    /**
     * Writes the checkpoint file when a position moved. Runs every {@code checkpointInterval}, so
     * after a crash at most that much acknowledged data is sent again.
     */
    private void saveCheckpoints() {
        synchronized (checkpointLock) {
            if (storeClosed) {
                return;
            }
            List<Checkpoint> now = tailer.checkpoints();
            now.sort(Comparator.comparing(Checkpoint::path).thenComparingLong(c -> c.identity().inode()));
            if (now.equals(lastSaved)) {
                return;
            }
            try {
                checkpoints.save(now);
                lastSaved = now;
                metrics.checkpointWritten();
                if (checkpointFailing) {
                    LOG.info("checkpoints are written again to {}", checkpoints.file());
                    checkpointFailing = false;
                }
            } catch (IOException | RuntimeException e) {
                metrics.checkpointError();
                if (!checkpointFailing) {
                    LOG.error("cannot write the checkpoint file {}: {}. Reading goes on; a restart before this is fixed sends again "
                            + "what was sent since the last checkpoint", checkpoints.file(), e.toString());
                    checkpointFailing = true;
                }
            }
        }
    }

    public AgentMetrics metrics() {
        return metrics;
    }

    public AgentSettings settings() {
        return settings;
    }

    /** The port /metrics answers on, or -1 when it is off. */
    public int metricsPort() {
        return endpoint == null ? -1 : endpoint.port();
    }

    /** True once the first listing of the pods directory has been handled. */
    public boolean started() {
        return tailer.started();
    }

    /** Bytes of records read and not yet acknowledged. */
    public long bufferedBytes() {
        return budget.used();
    }

    /** The positions the next checkpoint would hold. */
    public List<Checkpoint> positions() {
        return tailer.checkpoints();
    }

    /**
     * Graceful stop: stops reading, sends what was read (for up to {@code shutdownTimeout}), and
     * writes the final checkpoint. A restart then neither loses nor repeats a line.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        tailer.close();
        try {
            forwarder.close(settings.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpointer.shutdownNow();
        saveCheckpoints();
        synchronized (checkpointLock) {
            // Nothing is written after this: the directory may belong to the next agent as soon as its lock is released.
            storeClosed = true;
            try {
                checkpoints.close();
            } catch (IOException e) {
                LOG.debug("releasing the checkpoint lock: {}", e.toString());
            }
        }
        if (endpoint != null) {
            endpoint.close();
        }
        LOG.info("pharos agent stopped: {} lines read, {} records sent; positions saved in {}", metrics.linesRead(), metrics.recordsSent(),
                checkpoints.file());
    }
}

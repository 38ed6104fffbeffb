package dev.pharos.query.alerting.notify;

import dev.pharos.query.alerting.NotifierAlert;
import dev.pharos.query.alerting.Notifier;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to Alertmanager's API v2 ({@code POST <alertmanager>/api/v2/alerts}) as Prometheus's
 * notifier does: alerts are queued (bounded; when full the oldest are dropped and counted), sent in
 * batches of at most {@code maxBatchSize} to every configured Alertmanager, each with a timeout. A
 * batch that fails is not queued again: firing alerts are re-sent at the next resend anyway, which is
 * why their endsAt lies several resends ahead. Unlike Prometheus, a 5xx or network error is retried a
 * few times with a pause before giving up. External labels are added to alerts that lack them.
 */
public final class AlertmanagerNotifier implements Notifier, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertmanagerNotifier.class);

    /**
     * @param alertmanagers  base URLs, e.g. {@code http://alertmanager:9093}; alerts go to {@code <base>/api/v2/alerts}
     * @param timeout        per request (Prometheus: 10s)
     * @param queueCapacity  alerts held before the oldest are dropped (Prometheus: 10000)
     * @param maxBatchSize   alerts per request (Prometheus: 256)
     * @param maxAttempts    tries per request on 5xx or network errors
     * @param retryBackoff   pause before the second try, doubled for each next one
     */
    public record Options(List<URI> alertmanagers, Duration timeout, int queueCapacity, int maxBatchSize, int maxAttempts,
            Duration retryBackoff, Map<String, String> externalLabels) {

        public Options {
            alertmanagers = List.copyOf(alertmanagers);
            externalLabels = Map.copyOf(externalLabels);
            if (queueCapacity < 1 || maxBatchSize < 1 || maxAttempts < 1) {
                throw new IllegalArgumentException("queue capacity, batch size and attempts must be positive");
            }
        }

        public static Options defaults(List<URI> alertmanagers) {
            return new Options(alertmanagers, Duration.ofSeconds(10), 10_000, 256, 3, Duration.ofMillis(500), Map.of());
        }

        public Options withExternalLabels(Map<String, String> labels) {
            return new Options(alertmanagers, timeout, queueCapacity, maxBatchSize, maxAttempts, retryBackoff, labels);
        }

        public Options withRetries(int attempts, Duration backoff) {
            return new Options(alertmanagers, timeout, queueCapacity, maxBatchSize, attempts, backoff, externalLabels);
        }

        public Options withQueue(int capacity, int batch) {
            return new Options(alertmanagers, timeout, capacity, batch, maxAttempts, retryBackoff, externalLabels);
        }
    }

    /**
     * Counters as Prometheus exports them: prometheus_notifications_sent_total and _errors_total per
     * Alertmanager (in alerts), _dropped_total, _queue_length and _queue_capacity.
     */
    public record Stats(Map<String, Long> sentByAlertmanager, Map<String, Long> errorsByAlertmanager, long dropped, int queueLength,
            int queueCapacity) {}

    private final Options options;
    private final HttpSender sender;
    private final ArrayDeque<NotifierAlert> queue = new ArrayDeque<>();
    private final Map<URI, AtomicLong> sent = new LinkedHashMap<>();
    private final Map<URI, AtomicLong> errors = new LinkedHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private Thread worker;
    private volatile boolean closed;

    public AlertmanagerNotifier(Options options, HttpSender sender) {
        this.options = options;
        this.sender = sender;
        for (URI u : options.alertmanagers()) {
            sent.put(u, new AtomicLong());
            errors.put(u, new AtomicLong());
        }
    }

    /** Where alerts go for an Alertmanager base URL. */
    static URI endpoint(URI base) {
        String s = base.toString();
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/v2/alerts");
    }

    @Override
    public void send(List<NotifierAlert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        synchronized (queue) {
            for (NotifierAlert a : alerts) {
                queue.addLast(a.withLabelsIfAbsent(options.externalLabels()));
            }
            int over = queue.size() - options.queueCapacity();
            for (int i = 0; i < over; i++) {
                queue.removeFirst();
            }
            if (over > 0) {
                dropped.addAndGet(over);
                LOG.warn("alert notification queue full, dropped {} alerts", over);
            }
            queue.notifyAll();
        }
    }

    /** Starts the thread that sends queued batches. */
    public synchronized void start() {
        if (worker == null) {
            worker = Thread.ofVirtual().name("alertmanager-notifier").start(this::run);
        }
    }

    private void run() {
        while (!closed) {
            try {
                synchronized (queue) {
                    while (queue.isEmpty() && !closed) {
                        queue.wait();
                    }
                }
                dispatchOnce();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends one batch from the queue to every Alertmanager; false when the queue was empty. */
    public boolean dispatchOnce() throws InterruptedException {
        List<NotifierAlert> batch = new ArrayList<>();
        synchronized (queue) {
            while (!queue.isEmpty() && batch.size() < options.maxBatchSize()) {
                batch.add(queue.removeFirst());
            }
        }
        if (batch.isEmpty()) {
            return false;
        }
        byte[] body = AlertJson.alertmanagerV2(batch);
        List<Thread> posts = new ArrayList<>();
        for (URI am : options.alertmanagers()) {
            // Every Alertmanager at once, as Prometheus does: a slow one does not delay the others.
            posts.add(Thread.ofVirtual().start(() -> {
                try {
                    boolean ok = Delivery.post(sender, endpoint(am), body, options.timeout(), options.maxAttempts(), options.retryBackoff());
                    (ok ? sent : errors).get(am).addAndGet(batch.size());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : posts) {
            t.join();
        }
        return true;
    }

    public Stats stats() {
        Map<String, Long> s = new LinkedHashMap<>();
        Map<String, Long> e = new LinkedHashMap<>();
        sent.forEach((k, v) -> s.put(endpoint(k).toString(), v.get()));
        errors.forEach((k, v) -> e.put(endpoint(k).toString(), v.get()));
        int length;
        synchronized (queue) {
            length = queue.size();
        }
        return new Stats(s, e, dropped.get(), length, options.queueCapacity());
    }

    @Override
    public void close() {
        closed = true;
        synchronized (queue) {
            queue.notifyAll();
        }
        Thread w;
        synchronized (this) {
            w = worker;
        }
        if (w != null) {
            w.interrupt();
        }
    }
}

package dev.pharos.query.alerting.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pharos.query.alerting.Clock;
import dev.pharos.query.alerting.GoTimes;
import dev.pharos.query.alerting.Notifier;
import dev.pharos.query.alerting.NotifierAlert;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts alerts to plain webhooks in Alertmanager's webhook format (version 4), for receivers that
 * already understand Alertmanager, without running one. Since no Alertmanager deduplicates here,
 * this notifier does: an alert is posted when it starts firing, when it resolves, and again every
 * {@code repeatInterval} while it fires (Alertmanager's repeat_interval), not at every resend. Alerts
 * are grouped by alertname, one message per name. Messages are queued (bounded, oldest dropped) and
 * posted with the same retries as {@link AlertmanagerNotifier}.
 */
public final class WebhookNotifier implements Notifier, AutoCloseable {

    /**
     * @param receiver       the message's receiver field
     * @param externalURL    the message's externalURL field (how users reach Pharos)
     * @param repeatInterval how often a still-firing alert is posted again (Alertmanager's default: 4h)
     */
    public record Options(List<URI> urls, String receiver, String externalURL, Duration repeatInterval, Duration timeout, int queueCapacity,
            int maxAttempts, Duration retryBackoff, Map<String, String> externalLabels) {

        public Options {
            urls = List.copyOf(urls);
            externalLabels = Map.copyOf(externalLabels);
            receiver = receiver == null ? "pharos" : receiver;
            externalURL = externalURL == null ? "" : externalURL;
        }

        public static Options defaults(List<URI> urls) {
            return new Options(urls, "pharos", "", Duration.ofHours(4), Duration.ofSeconds(10), 1000, 3, Duration.ofMillis(500), Map.of());
        }

        public Options withRetries(int attempts, Duration backoff) {
            return new Options(urls, receiver, externalURL, repeatInterval, timeout, queueCapacity, attempts, backoff, externalLabels);
        }

        public Options withRepeatInterval(Duration d) {
            return new Options(urls, receiver, externalURL, d, timeout, queueCapacity, maxAttempts, retryBackoff, externalLabels);
        }
    }

    public record Stats(long messagesSent, long messagesFailed, long dropped, int queueLength) {}

    private record Told(boolean firing, long atMs) {}

    private final Options options;
    private final HttpSender sender;
    private final Clock clock;
    private final Map<String, Told> told = new HashMap<>();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private Thread worker;
    private volatile boolean closed;

    public WebhookNotifier(Options options, HttpSender sender, Clock clock) {
        this.options = options;
        this.sender = sender;
        this.clock = clock;
    }

    @Override
    public void send(List<NotifierAlert> alerts) {
        List<byte[]> messages = messages(alerts);
        if (messages.isEmpty()) {
            return;
        }
        synchronized (queue) {
            queue.addAll(messages);
            while (queue.size() > options.queueCapacity()) {
                queue.removeFirst();
                dropped.incrementAndGet();
            }
            queue.notifyAll();
        }
    }

    /** Decides which alerts are news and builds one message per alertname from them. */
    synchronized List<byte[]> messages(List<NotifierAlert> alerts) {
        long now = clock.nowMillis();
        Instant nowInstant = Instant.ofEpochMilli(now);
        Map<String, List<NotifierAlert>> byName = new LinkedHashMap<>();
        for (NotifierAlert raw : alerts) {
            NotifierAlert a = raw.withLabelsIfAbsent(options.externalLabels());
            String fp = AlertJson.fingerprint(a.labels());
            boolean firing = !a.resolvedAt(nowInstant);
            Told before = told.get(fp);
            boolean news;
            if (firing) {
                news = before == null || !before.firing() || now - before.atMs() >= options.repeatInterval().toMillis();
                if (news) {
                    told.put(fp, new Told(true, now));
                }
            } else {
                // Only what was announced as firing is announced as resolved.
                news = before != null && before.firing();
                told.remove(fp);
            }
            if (news) {
                byName.computeIfAbsent(a.labels().getOrDefault("alertname", ""), k -> new ArrayList<>()).add(a);
            }
        }
        List<byte[]> out = new ArrayList<>();
        byName.forEach((name, group) -> out.add(AlertJson.bytes(message(name, group, nowInstant))));
        return out;
    }

    private ObjectNode message(String alertname, List<NotifierAlert> alerts, Instant now) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode m = f.objectNode();
        boolean anyFiring = alerts.stream().anyMatch(a -> !a.resolvedAt(now));
        m.put("version", "4");
        m.put("groupKey", "{}:{alertname=" + dev.pharos.query.promql.storage.GoStrings.quote(alertname) + "}");
        m.put("truncatedAlerts", 0);
        m.put("status", anyFiring ? "firing" : "resolved");
        m.put("receiver", options.receiver());
        m.set("groupLabels", AlertJson.map(Map.of("alertname", alertname)));
        m.set("commonLabels", AlertJson.map(common(alerts.stream().map(NotifierAlert::labels).toList())));
        m.set("commonAnnotations", AlertJson.map(common(alerts.stream().map(NotifierAlert::annotations).toList())));
        m.put("externalURL", options.externalURL());
        ArrayNode list = m.putArray("alerts");
        for (NotifierAlert a : alerts) {
            boolean firing = !a.resolvedAt(now);
            ObjectNode o = list.addObject();
            o.put("status", firing ? "firing" : "resolved");
            o.set("labels", AlertJson.map(a.labels()));
            o.set("annotations", AlertJson.map(a.annotations()));
            o.put("startsAt", GoTimes.rfc3339Nano(a.startsAt()));
            o.put("endsAt", firing ? AlertJson.ZERO_TIME : GoTimes.rfc3339Nano(a.endsAt()));
            o.put("generatorURL", a.generatorURL());
            o.put("fingerprint", AlertJson.fingerprint(a.labels()));
        }
        return m;
    }

    /** The name/value pairs every map has. */
    private static Map<String, String> common(List<Map<String, String>> maps) {
        Map<String, String> out = new LinkedHashMap<>(maps.getFirst());
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            out.entrySet().removeIf(e -> !Objects.equals(m.get(e.getKey()), e.getValue()));
        }
        return dev.pharos.query.alerting.RuleLabels.sorted(out);
    }

    public synchronized void start() {
        if (worker == null) {
            worker = Thread.ofVirtual().name("webhook-notifier").start(this::run);
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

    /** Posts the oldest queued message to every URL; false when there was none. */
    public boolean dispatchOnce() throws InterruptedException {
        byte[] body;
        synchronized (queue) {
            body = queue.pollFirst();
        }
        if (body == null) {
            return false;
        }
        for (URI url : options.urls()) {
            boolean ok = Delivery.post(sender, url, body, options.timeout(), options.maxAttempts(), options.retryBackoff());
            (ok ? sent : failed).incrementAndGet();
        }
        return true;
    }

    public Stats stats() {
        synchronized (queue) {
            return new Stats(sent.get(), failed.get(), dropped.get(), queue.size());
        }
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

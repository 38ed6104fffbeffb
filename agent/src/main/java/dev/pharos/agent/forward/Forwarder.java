package dev.pharos.agent.forward;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.pharos.agent.AgentMetrics;
import dev.pharos.agent.AgentSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends sealed batches to the gateways over OTLP/HTTP, {@code maxInFlight} at a time, each to
 * the gateway {@link GatewayPicker} chooses, and settles each batch exactly once:
 *
 * <ul>
 *   <li>2xx: delivered (records a partial success names as refused are counted as dropped);</li>
 *   <li>429, 503: the gateway is overloaded: paused for its Retry-After, the batch goes first in
 *       line to another gateway (or to the same one once the pause is over);</li>
 *   <li>400, 413: the gateway will never take this batch: dropped, counted by reason, logged;</li>
 *   <li>anything else (network error, timeout, other status, a refused token): the gateway backs
 *       off and the batch is retried elsewhere. Without a limit: the data stays in the log
 *       files meanwhile, and the buffer filling up stops the reading.</li>
 * </ul>
 */
public final class Forwarder implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final long MAX_RETRY_AFTER_NANOS = Duration.ofMinutes(5).toNanos();

    private final AgentSettings settings;
    private final SendBudget budget;
    private final AgentMetrics metrics;
    private final List<Gateway> gateways = new ArrayList<>();
    private final GatewayPicker picker;
    private final HttpClient client;
    private final String authorization;
    private final List<Thread> workers = new ArrayList<>();
    /** Guards the queue, every gateway's state and the counters below. */
    private final Object lock = new Object();
    private final ArrayDeque<Batch> queue = new ArrayDeque<>();
    private int inFlight;
    private boolean stopping;
    private boolean aborted;

    public Forwarder(AgentSettings settings, SendBudget budget, AgentMetrics metrics) throws IOException {
        this.settings = settings;
        this.budget = budget;
        this.metrics = metrics;
        for (URI u : settings.gateways()) {
            gateways.add(new Gateway(u));
        }
        this.picker = new GatewayPicker(gateways, RandomGenerator.getDefault());
        this.authorization = settings.bearerToken() == null ? null : "Bearer " + settings.bearerToken();
        HttpClient.Builder b = HttpClient.newBuilder()
                // HTTP/1.1 with a connection per request in flight: no h2c upgrade round trip on plain http.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout());
        if (settings.caFile() != null) {
            b.sslContext(trusting(settings.caFile()));
        }
        this.client = b.build();
        metrics.gatewayGauges(gateways, g -> g.name, g -> {
            synchronized (lock) {
                return g.up(System.nanoTime()) ? 1 : 0;
            }
        }, g -> {
            synchronized (lock) {
                return g.inFlight;
            }
        }, g -> {
            synchronized (lock) {
                return g.latencyNanos / 1e9;
            }
        });
        for (int i = 0; i < settings.maxInFlight(); i++) {
            Thread t = Thread.ofPlatform().name("pharos-agent-send-" + i).daemon().unstarted(this::work);
            workers.add(t);
            t.start();
        }
    }

    /** An SSL context trusting exactly the PEM certificates in {@code caFile}. */
    private static SSLContext trusting(java.nio.file.Path caFile) throws IOException {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IOException(caFile + " holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot use " + caFile + " as the gateways' CA: " + e.getMessage(), e);
        }
    }

    /** Queues a sealed batch (from the tailing thread). */
    void submit(Batch b) {
        synchronized (lock) {
            queue.addLast(b);
            lock.notifyAll();
        }
    }

    /** Batches queued or in flight. */
    public int pending() {
        synchronized (lock) {
            return queue.size() + inFlight;
        }
    }

    private void work() {
        while (true) {
            Batch b;
            Gateway g;
            synchronized (lock) {
                while (true) {
                    if (aborted || (stopping && queue.isEmpty())) {
                        return;
                    }
                    if (queue.isEmpty()) {
                        waitOn(500_000_000L);
                        continue;
                    }
                    long now = System.nanoTime();
                    g = picker.pick(now);
                    if (g == null) {
                        waitOn(Math.clamp(picker.nextAvailable() - now, 1_000_000L, 500_000_000L));
                        continue;
                    }
                    b = queue.pollFirst();
                    g.inFlight++;
                    inFlight++;
                    if (b.attempts > 0) {
                        metrics.retry(b.lastGateway != g);
                    }
                    break;
                }
            }
            attempt(g, b);
        }
    }

    private void waitOn(long nanos) {
        try {
            lock.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            aborted = true;
        }
    }

    private void attempt(Gateway g, Batch b) {
        HttpRequest.Builder req = HttpRequest.newBuilder(g.uri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(b.body));
        if (b.gzip) {
            req.header("Content-Encoding", "gzip");
        }
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        long start = System.nanoTime();
        HttpResponse<byte[]> resp = null;
        String failure = null;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            failure = "no answer within " + settings.requestTimeout().toMillis() + " ms";
        } catch (ConnectException e) {
            failure = "connection refused or unreachable";
        } catch (IOException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = "interrupted (shutting down)";
        } catch (RuntimeException e) {
            // Not expected; the batch is kept and retried rather than lost with this thread.
            LOG.error("sending to {} failed unexpectedly", g.name, e);
            failure = e.toString();
        }
        long now = System.nanoTime();
        synchronized (lock) {
            g.inFlight--;
            inFlight--;
            try {
                if (resp == null) {
                    failed(g, b, start, now, failure);
                } else {
                    answered(g, b, start, now, resp);
                }
            } finally {
                lock.notifyAll();
            }
        }
    }

    /** Called with the lock held. */
    private void answered(Gateway g, Batch b, long start, long now, HttpResponse<byte[]> resp) {
        int status = resp.statusCode();
        if (status >= 200 && status < 300) {
            if (g.succeeded(now, now - start)) {
                LOG.info("gateway {} answers again; it is back in rotation", g.name);
            }
            PartialSuccess partial = PartialSuccess.parse(resp.body());
            if (partial.rejected() > 0) {
                metrics.dropped("rejected_by_gateway", partial.rejected());
                LOG.warn("gateway {} refused {} of {} records of a batch: {}", g.name, partial.rejected(), b.records, partial.message());
            }
            metrics.sent(g.name, (int) (b.records - Math.min(b.records, partial.rejected())), b.body.length);
            settle(b);
        } else if (status == 429 || status == 503) {
            long pause = retryAfterNanos(resp, now);
            g.pause(now, pause);
            metrics.gatewayOutcome(g.name, "retry_later");
            LOG.warn("gateway {} is overloaded ({}): not asked for {} ms; the batch of {} records goes to {}", g.name, status,
                    pause / 1_000_000, b.records, gateways.size() > 1 ? "another gateway" : "it again then");
            requeue(g, b);
        } else if (status == 400 || status == 413) {
            String reason = status == 400 ? "invalid" : "too_large";
            metrics.gatewayOutcome(g.name, "refused");
            metrics.dropped(reason, b.records);
            LOG.error("gateway {} refused a batch of {} records for good ({} {}): dropped. {}", g.name, b.records, status,
                    errorText(resp.body()), status == 413 ? "Lower agent.batchSize below the gateway's otlp.maxRequestSize." : "");
            settle(b);
        } else {
            String why = "HTTP " + status + (status == 401 || status == 403 ? " (the token was refused: check --token-file)" : "")
                    + " " + errorText(resp.body());
            failed(g, b, start, now, why.strip());
        }
    }

    /** Called with the lock held. */
    private void failed(Gateway g, Batch b, long sent, long now, String why) {
        metrics.gatewayOutcome(g.name, "error");
        if (aborted) {
            queue.addFirst(b);
            return;
        }
        if (g.failed(now, sent)) {
            long others = gateways.stream().filter(o -> o != g && o.available(now)).count();
            LOG.warn("gateway {} failed: {}. Left alone for {} s, then probed; its batches go to {}", g.name, why,
                    g.backoffNanos / 1_000_000_000L, others > 0 ? "the other gateways" : "the first gateway to come back");
        } else {
            LOG.debug("gateway {} failed again for a request sent before: {}", g.name, why);
        }
        requeue(g, b);
    }

    private void requeue(Gateway g, Batch b) {
        b.attempts++;
        b.lastGateway = g;
        // First in line: it is the oldest data, and going first keeps a file's batches close to their order.
        queue.addFirst(b);
    }

    private void settle(Batch b) {
        b.settle();
        budget.release(b.budgetBytes);
    }

    private static long retryAfterNanos(HttpResponse<?> resp, long now) {
        String v = resp.headers().firstValue("Retry-After").orElse("").strip();
        long nanos = 1_000_000_000L;
        if (!v.isEmpty()) {
            try {
                nanos = Long.parseLong(v) * 1_000_000_000L;
            } catch (NumberFormatException e) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                    nanos = Duration.between(ZonedDateTime.now(at.getZone()), at).toNanos();
                } catch (RuntimeException ignored) {
                    // unreadable: the default second
                }
            }
        }
        return Math.clamp(nanos, 100_000_000L, MAX_RETRY_AFTER_NANOS);
    }

    private static int tag(int field, int wireType) {
        return (field << 3) | wireType;
    }

    /** The message of a google.rpc.Status body (what Pharos answers errors with), or the body as text. */
    static String errorText(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                    return in.readStringRequireUtf8();
                }
                in.skipField(tag);
            }
        } catch (IOException e) {
            // not protobuf: fall through to text
        }
        String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
        return text.replaceAll("[\\p{Cntrl}&&[^\\t]]", " ").strip();
    }

    /** What an {@code ExportLogsServiceResponse} says about refused records. */
    record PartialSuccess(long rejected, String message) {
        static PartialSuccess parse(byte[] body) {
            if (body == null || body.length == 0) {
                return new PartialSuccess(0, "");
            }
            try {
                CodedInputStream in = CodedInputStream.newInstance(body);
                for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                    if (tag == tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                        CodedInputStream p = CodedInputStream.newInstance(in.readByteArray());
                        long rejected = 0;
                        String message = "";
                        for (int t = p.readTag(); t != 0; t = p.readTag()) {
                            if (t == tag(1, WireFormat.WIRETYPE_VARINT)) {
                                rejected = p.readInt64();
                            } else if (t == tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
                                message = p.readString();
                            } else {
                                p.skipField(t);
                            }
                        }
                        return new PartialSuccess(rejected, message);
                    }
                    in.skipField(tag);
                }
            } catch (IOException e) {
                // a 2xx with a body that is not the response message: nothing refused that we can tell
            }
            return new PartialSuccess(0, "");
        }
    }

    /**
     * Sends what is queued for up to {@code timeout}, then stops. Batches not acknowledged by then
     * are not checkpointed: they are read and sent again at the next start.
     */
    public void close(Duration timeout) throws InterruptedException {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : workers) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, left / 1_000_000));
            }
        }
        int left;
        int records = 0;
        synchronized (lock) {
            aborted = true;
            lock.notifyAll();
            left = queue.size() + inFlight;
            for (Batch b : queue) {
                records += b.records;
            }
        }
        if (left > 0) {
            LOG.warn("{} batches ({} records queued) were not acknowledged within {} s of the shutdown; they are read and sent again "
                    + "at the next start", left, records, timeout.toSeconds());
        }
        client.shutdownNow();
        for (Thread t : workers) {
            t.join(5_000);
        }
        client.close();
    }

    @Override
    public void close() {
        try {
            close(settings.shutdownTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The gateways' names, in configuration order. */
    public List<String> gatewayNames() {
        return gateways.stream().map(g -> g.name).toList();
    }
}

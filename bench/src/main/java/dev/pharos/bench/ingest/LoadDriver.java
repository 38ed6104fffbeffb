package dev.pharos.bench.ingest;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Sends pre-encoded OTLP requests with a fixed number in flight, optionally paced to a target
 * record rate, and keeps what a sender sees: records acknowledged, requests refused (to be
 * retried: they are not counted as acknowledged), failures, and acknowledgement latency.
 */
final class LoadDriver implements AutoCloseable {

    enum Transport { GRPC, HTTP }

    /** What one phase of sending produced. */
    record Phase(long ackedRecords, long ackedRequests, long refused, long failed, long[] latencyNanos, double seconds) {
        double percentileMillis(double p) {
            if (latencyNanos.length == 0) {
                return 0;
            }
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
    }

    private final ClientFactory factory = ClientFactory.builder().build();
    private final WebClient client;
    private final Transport transport;
    private final String path;

    LoadDriver(Transport transport, int port, String signal) {
        this.transport = transport;
        // gRPC clients speak HTTP/2 from the first byte over cleartext; OTLP/HTTP senders mostly use HTTP/1.1.
        this.client = WebClient.builder(transport == Transport.GRPC ? SessionProtocol.H2C : SessionProtocol.H1C, Endpoint.of("127.0.0.1", port))
                .factory(factory).responseTimeout(Duration.ofSeconds(60)).build();
        this.path = transport == Transport.GRPC
                ? "/opentelemetry.proto.collector." + (signal.equals("traces") ? "trace.v1.TraceService" : "logs.v1.LogsService") + "/Export"
                : "/v1/" + signal;
    }

    Phase run(List<TelemetryGenerator.Payload> payloads, int inFlight, double recordsPerSecond, Duration duration, LongConsumer progress)
            throws InterruptedException {
        Semaphore permits = new Semaphore(inFlight);
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedRequests = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long[] latencies = new long[1 << 20];
        AtomicLong latencyCount = new AtomicLong();
        AtomicLong pauseUntil = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long sentRecords = 0;
        long nextProgress = start + 5_000_000_000L;
        int i = 0;
        while (System.nanoTime() < end) {
            if (recordsPerSecond > 0) {
                long due = start + (long) (sentRecords / recordsPerSecond * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            long pause = pauseUntil.get() - System.nanoTime();
            if (pause > 0) {
                Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
            }
            permits.acquire();
            TelemetryGenerator.Payload p = payloads.get(i++ % payloads.size());
            sentRecords += p.records();
            long sentAt = System.nanoTime();
            send(p.body()).handle((r, error) -> {
                long latency = System.nanoTime() - sentAt;
                if (error != null) {
                    failed.incrementAndGet();
                } else if (accepted(r)) {
                    acked.addAndGet(p.records());
                    ackedRequests.incrementAndGet();
                    long n = latencyCount.getAndIncrement();
                    latencies[(int) (n % latencies.length)] = latency;
                } else if (retryable(r)) {
                    refused.incrementAndGet();
                    // Back off as a sender would; the sending loop waits, not this event loop thread.
                    pauseUntil.set(System.nanoTime() + 50_000_000L);
                } else {
                    failed.incrementAndGet();
                }
                permits.release();
                return null;
            });
            if (System.nanoTime() > nextProgress) {
                progress.accept(acked.get());
                nextProgress += 5_000_000_000L;
            }
        }
        permits.acquire(inFlight);
        permits.release(inFlight);
        double seconds = (System.nanoTime() - start) / 1e9;
        int n = (int) Math.min(latencyCount.get(), latencies.length);
        return new Phase(acked.get(), ackedRequests.get(), refused.get(), failed.get(), Arrays.copyOf(latencies, n), seconds);
    }

    private java.util.concurrent.CompletableFuture<AggregatedHttpResponse> send(byte[] body) {
        RequestHeaders headers;
        HttpData data;
        if (transport == Transport.GRPC) {
            headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.parse("application/grpc")).add("te", "trailers").build();
            byte[] frame = new byte[5 + body.length];
            frame[1] = (byte) (body.length >>> 24);
            frame[2] = (byte) (body.length >>> 16);
            frame[3] = (byte) (body.length >>> 8);
            frame[4] = (byte) body.length;
            System.arraycopy(body, 0, frame, 5, body.length);
            data = HttpData.wrap(frame);
        } else {
            headers = RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.parse("application/x-protobuf")).build();
            data = HttpData.wrap(body);
        }
        return client.execute(HttpRequest.of(headers, data)).aggregate();
    }

    private boolean accepted(AggregatedHttpResponse r) {
        if (transport == Transport.HTTP) {
            return r.status().code() == 200;
        }
        return "0".equals(grpcStatus(r));
    }

    private boolean retryable(AggregatedHttpResponse r) {
        if (transport == Transport.HTTP) {
            return r.status().code() == 429 || r.status().code() == 503;
        }
        return "14".equals(grpcStatus(r));
    }

    private static String grpcStatus(AggregatedHttpResponse r) {
        String s = r.trailers().get("grpc-status");
        return s != null ? s : r.headers().get("grpc-status");
    }

    @Override
    public void close() {
        factory.close();
    }
}

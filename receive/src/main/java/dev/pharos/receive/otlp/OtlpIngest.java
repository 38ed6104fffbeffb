package dev.pharos.receive.otlp;

import com.google.protobuf.Message;
import dev.pharos.access.Tenants;
import dev.pharos.process.pipeline.IngestPipeline;
import dev.pharos.process.pipeline.Ticket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one decode path behind both transports: take buffer budget for the body, then on a decode
 * thread (never a network event loop) decompress with a cap, parse protobuf or JSON, and hand the
 * request to the pipeline.
 */
public final class OtlpIngest implements AutoCloseable {

    private final IngestPipeline pipeline;
    private final ReceiveLimits limits;
    private final ExecutorService decoders;

    public OtlpIngest(IngestPipeline pipeline, ReceiveLimits limits) {
        this.pipeline = pipeline;
        this.limits = limits;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> Thread.ofPlatform().name("pharos-otlp-decode-" + n.incrementAndGet()).daemon().unstarted(r);
        this.decoders = Executors.newFixedThreadPool(limits.decodeThreads(), tf);
    }

    /** The decode threads, shared with the other receivers of the ingest listener. */
    public java.util.concurrent.Executor executor() {
        return decoders;
    }

    ReceiveLimits limits() {
        return limits;
    }

    /**
     * Decodes and submits {@code body} (as received: possibly compressed) for {@code signal}, from a
     * sender allowed to write to {@code tenants}.
     */
    CompletableFuture<IngestReply> ingest(OtlpSignal signal, byte[] body, String contentEncoding, boolean json, Tenants tenants) {
        Ticket ticket = pipeline.admit(body.length);
        if (ticket == null) {
            IngestPipeline.Outcome.Refused r = pipeline.refusal();
            return CompletableFuture.completedFuture(new IngestReply.Retry(r.message(), r.retryAfterSeconds()));
        }
        try {
            return CompletableFuture.supplyAsync(() -> decodeAndSubmit(signal, body, contentEncoding, json, ticket, tenants), decoders);
        } catch (RejectedExecutionException e) {
            ticket.close();
            return CompletableFuture.completedFuture(new IngestReply.Retry("Pharos is shutting down", 5));
        }
    }

    private IngestReply decodeAndSubmit(OtlpSignal signal, byte[] body, String contentEncoding, boolean json, Ticket ticket,
                                        Tenants tenants) {
        byte[] protobuf;
        try {
            byte[] raw = Decompression.decode(body, contentEncoding, limits.maxDecodedBytes());
            if (raw != body) {
                ticket.grow(raw.length);
            }
            protobuf = json ? jsonToProtobuf(signal, raw) : raw;
        } catch (BadRequestException e) {
            ticket.close();
            return new IngestReply.Bad(e.kind(), e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            ticket.close();
            return new IngestReply.Bad(BadRequestException.Kind.MALFORMED, "cannot decode the request: " + e);
        }
        IngestPipeline.Outcome outcome = signal.submit(pipeline, protobuf, ticket, limits.maxNesting(), tenants);
        return switch (outcome) {
            case IngestPipeline.Outcome.Accepted a -> new IngestReply.Ok(signal.response(a.result()), a.result().rejected() > 0);
            case IngestPipeline.Outcome.Refused r -> new IngestReply.Retry(r.message(), r.retryAfterSeconds());
            case IngestPipeline.Outcome.Invalid i -> new IngestReply.Bad(BadRequestException.Kind.MALFORMED, i.message());
        };
    }

    private static byte[] jsonToProtobuf(OtlpSignal signal, byte[] raw) throws BadRequestException {
        Message.Builder b = signal.jsonBuilder();
        OtlpJson.merge(raw, b);
        return b.build().toByteArray();
    }

    @Override
    public void close() {
        decoders.shutdown();
        try {
            decoders.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

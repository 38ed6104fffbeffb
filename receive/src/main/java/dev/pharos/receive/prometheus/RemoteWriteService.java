package dev.pharos.receive.prometheus;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pharos.access.AccessControl;
import dev.pharos.access.Tenants;
import dev.pharos.process.otlp.MapResult;
import dev.pharos.process.pipeline.IngestPipeline;
import dev.pharos.process.pipeline.Ticket;
import dev.pharos.process.prometheus.RemoteWriteMapper;
import dev.pharos.receive.otlp.ReceiveLimits;
import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.xerial.snappy.Snappy;

/**
 * Prometheus remote write, 1.0 and 2.0, on the ingest listener ({@code POST /api/v1/write}).
 * Status codes follow the specifications: 204 when everything was written (with the 2.0
 * {@code X-Prometheus-Remote-Write-*-Written} headers), 400 for what must not be retried (a payload
 * that does not decode, or samples refused while the rest was written), 415 for an unknown content
 * type or encoding, 413 over the size limits, and 503 with Retry-After when Pharos cannot take data
 * now (senders retry 5xx; some do not retry 429).
 */
public final class RemoteWriteService implements HttpService {

    public static final String PATH = "/api/v1/write";
    private static final String V2 = "io.prometheus.write.v2.Request";
    private static final String V1 = "prometheus.WriteRequest";

    private final IngestPipeline pipeline;
    private final ReceiveLimits limits;
    private final Executor decoders;
    private final RemoteWriteMetrics metrics;

    public RemoteWriteService(IngestPipeline pipeline, ReceiveLimits limits, Executor decoders, RemoteWriteMetrics metrics) {
        this.pipeline = pipeline;
        this.limits = limits;
        this.decoders = decoders;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        if (req.method() != HttpMethod.POST) {
            return text(HttpStatus.METHOD_NOT_ALLOWED, "remote write takes POST");
        }
        int version = version(req.headers().get(HttpHeaderNames.CONTENT_TYPE));
        if (version < 0) {
            metrics.refused("unsupported_media_type");
            return text(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send application/x-protobuf, with proto=" + V1 + " (1.0) or proto=" + V2 + " (2.0)");
        }
        String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING, "snappy").strip().toLowerCase(Locale.ROOT);
        if (!encoding.equals("snappy") && !encoding.equals("identity")) {
            metrics.refused("unsupported_media_type");
            return text(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "content encoding '" + encoding + "' is not supported; use snappy");
        }
        Tenants tenants = AccessControl.identity(ctx).tenants();
        return HttpResponse.of(req.aggregate().thenCompose(agg -> admit(agg, version, encoding, tenants)));
    }

    /** 1 or 2 from the Content-Type, -1 when it is not remote write. */
    static int version(String contentType) {
        if (contentType == null) {
            return -1;
        }
        MediaType type;
        try {
            type = MediaType.parse(contentType);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (!type.is(MediaType.PROTOBUF) && !(type.type().equals("application") && type.subtype().equals("x-protobuf"))) {
            return -1;
        }
        String proto = type.parameters().containsKey("proto") ? type.parameters().get("proto").getFirst() : V1;
        return proto.equals(V1) ? 1 : proto.equals(V2) ? 2 : -1;
    }

    private CompletableFuture<HttpResponse> admit(AggregatedHttpRequest agg, int version, String encoding, Tenants tenants) {
        byte[] body = agg.content().array();
        Ticket ticket = pipeline.admit(body.length);
        if (ticket == null) {
            IngestPipeline.Outcome.Refused r = pipeline.refusal();
            metrics.refused("overloaded");
            return CompletableFuture.completedFuture(retryLater(r.message(), r.retryAfterSeconds()));
        }
        try {
            return CompletableFuture.supplyAsync(() -> decodeAndSubmit(body, version, encoding, ticket, tenants), decoders);
        } catch (RejectedExecutionException e) {
            ticket.close();
            return CompletableFuture.completedFuture(retryLater("Pharos is shutting down", 5));
        }
    }

    private HttpResponse decodeAndSubmit(byte[] body, int version, String encoding, Ticket ticket, Tenants tenants) {
        byte[] raw;
        try {
            raw = encoding.equals("snappy") ? uncompress(body) : body;
        } catch (TooLarge e) {
            ticket.close();
            metrics.refused("too_large");
            return text(HttpStatus.REQUEST_ENTITY_TOO_LARGE, e.getMessage());
        } catch (IOException | RuntimeException e) {
            ticket.close();
            metrics.refused("malformed");
            return text(HttpStatus.BAD_REQUEST, "the body is not valid snappy (block format): " + e.getMessage());
        }
        if (raw != body) {
            ticket.grow(raw.length);
        }
        RemoteWriteMapper.Written written = new RemoteWriteMapper.Written();
        IngestPipeline.Outcome outcome = pipeline.submitRemoteWrite(raw, raw.length, version, ticket, tenants, written);
        return switch (outcome) {
            case IngestPipeline.Outcome.Accepted a -> accepted(a.result(), written);
            case IngestPipeline.Outcome.Refused r -> {
                metrics.refused("overloaded");
                yield retryLater(r.message(), r.retryAfterSeconds());
            }
            case IngestPipeline.Outcome.Invalid i -> {
                metrics.refused("malformed");
                yield text(HttpStatus.BAD_REQUEST, i.message());
            }
        };
    }

    private byte[] uncompress(byte[] body) throws IOException, TooLarge {
        int length = Snappy.uncompressedLength(body);
        if (length < 0 || length > limits.maxDecodedBytes()) {
            throw new TooLarge("the body decodes to " + Integer.toUnsignedString(length) + " bytes, over the limit of "
                    + limits.maxDecodedBytes() + " (otlp.maxDecodedSize); send smaller batches (queue_config.max_samples_per_send)");
        }
        return Snappy.uncompress(body);
    }

    private static final class TooLarge extends Exception {
        TooLarge(String message) {
            super(message);
        }
    }

    private HttpResponse accepted(MapResult result, RemoteWriteMapper.Written written) {
        com.linecorp.armeria.common.ResponseHeadersBuilder headers = ResponseHeaders.builder(result.rejected() == 0 ? HttpStatus.NO_CONTENT : HttpStatus.BAD_REQUEST)
                .set("X-Prometheus-Remote-Write-Samples-Written", Integer.toString(written.samples()))
                .set("X-Prometheus-Remote-Write-Histograms-Written", Integer.toString(written.histograms()))
                .set("X-Prometheus-Remote-Write-Exemplars-Written", Integer.toString(written.exemplars()));
        if (result.rejected() == 0) {
            return HttpResponse.of(headers.build());
        }
        // Partial write: what was valid is stored, the rest would fail again if retried.
        metrics.refused("partial");
        return HttpResponse.of(headers.contentType(MediaType.PLAIN_TEXT_UTF_8).build(),
                com.linecorp.armeria.common.HttpData.ofUtf8(result.message() + "; " + written.samples() + " sample(s) written"));
    }

    private static HttpResponse retryLater(String message, int seconds) {
        return HttpResponse.of(ResponseHeaders.builder(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.PLAIN_TEXT_UTF_8)
                .set(HttpHeaderNames.RETRY_AFTER, Integer.toString(seconds)).build(), com.linecorp.armeria.common.HttpData.ofUtf8(message));
    }

    private static HttpResponse text(HttpStatus status, String message) {
        return HttpResponse.of(status, MediaType.PLAIN_TEXT_UTF_8, message);
    }
}

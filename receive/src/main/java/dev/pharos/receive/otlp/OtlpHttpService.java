package dev.pharos.receive.otlp;

import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.Status;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pharos.access.AccessControl;

/**
 * OTLP/HTTP: {@code POST /v1/logs|traces|metrics} with {@code application/x-protobuf} or
 * {@code application/json} bodies, optionally gzip or zstd. Answers as the spec says: 200 with an
 * Export*ServiceResponse (partial success included) in the request's encoding; 400 with a
 * google.rpc.Status for malformed payloads; 413 over the size limit; 415 for other media types or
 * encodings; 503 with Retry-After when the buffer is full.
 */
final class OtlpHttpService implements HttpService {

    private static final MediaType PROTOBUF = MediaType.parse("application/x-protobuf");

    private final OtlpSignal signal;
    private final OtlpIngest ingest;
    private final ReceiveMetrics metrics;

    OtlpHttpService(OtlpSignal signal, OtlpIngest ingest, ReceiveMetrics metrics) {
        this.signal = signal;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        MediaType type = req.contentType();
        boolean json;
        if (type != null && type.is(MediaType.JSON)) {
            json = true;
        } else if (type != null && (type.is(PROTOBUF) || type.is(MediaType.PROTOBUF))) {
            json = false;
        } else {
            metrics.countBad("http", signal, BadRequestException.Kind.UNSUPPORTED);
            return HttpResponse.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, MediaType.PLAIN_TEXT_UTF_8,
                    "unsupported content type '" + (type == null ? "" : type) + "'; send application/x-protobuf or application/json");
        }
        String encoding = req.headers().get(HttpHeaderNames.CONTENT_ENCODING);
        return HttpResponse.of(req.aggregate().thenCompose((AggregatedHttpRequest agg) -> {
            byte[] body = agg.content().array();
            return ingest.ingest(signal, body, encoding, json, AccessControl.identity(ctx).tenants()).thenApply(reply -> {
                metrics.count("http", signal, reply, body.length);
                return render(reply, json);
            });
        }));
    }

    private static HttpResponse render(IngestReply reply, boolean json) {
        return switch (reply) {
            case IngestReply.Ok ok -> body(HttpStatus.OK, ok.response(), json);
            case IngestReply.Bad bad -> switch (bad.kind()) {
                case MALFORMED -> body(HttpStatus.BAD_REQUEST, status(Code.INVALID_ARGUMENT, bad.message()), json);
                case TOO_LARGE -> body(HttpStatus.REQUEST_ENTITY_TOO_LARGE, status(Code.INVALID_ARGUMENT, bad.message()), json);
                case UNSUPPORTED -> body(HttpStatus.UNSUPPORTED_MEDIA_TYPE, status(Code.INVALID_ARGUMENT, bad.message()), json);
            };
            case IngestReply.Retry r -> {
                Message status = status(Code.UNAVAILABLE, r.message());
                yield HttpResponse.of(ResponseHeaders.builder(HttpStatus.SERVICE_UNAVAILABLE)
                        .contentType(json ? MediaType.JSON : PROTOBUF)
                        .add(HttpHeaderNames.RETRY_AFTER, Integer.toString(r.retryAfterSeconds()))
                        .build(), com.linecorp.armeria.common.HttpData.wrap(encode(status, json)));
            }
        };
    }

    private static Status status(Code code, String message) {
        return Status.newBuilder().setCode(code.getNumber()).setMessage(message).build();
    }

    private static HttpResponse body(HttpStatus status, Message m, boolean json) {
        return HttpResponse.of(status, json ? MediaType.JSON : PROTOBUF, encode(m, json));
    }

    private static byte[] encode(Message m, boolean json) {
        return json ? OtlpJson.print(m) : m.toByteArray();
    }
}

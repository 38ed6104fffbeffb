package dev.pharos.receive.otlp;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import com.google.rpc.Status;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.pharos.access.AccessControl;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * OTLP/gRPC unary Export calls, framed by hand on top of Armeria's HTTP/2 server instead of a
 * generated gRPC service. Why: gRPC-Java deserializes on the transport thread and decompresses
 * without a cap we control; unary gRPC framing is five bytes, and handling it here lets both
 * transports share one decode path ({@link OtlpIngest}) with the same decompression cap,
 * buffer admission and decode threads.
 */
final class OtlpGrpcService implements HttpService {

    private static final String GRPC = "application/grpc";

    private final OtlpSignal signal;
    private final OtlpIngest ingest;
    private final ReceiveMetrics metrics;

    OtlpGrpcService(OtlpSignal signal, OtlpIngest ingest, ReceiveMetrics metrics) {
        this.signal = signal;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    @Override
    public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        String type = req.headers().get("content-type");
        if (type == null || !(type.equals(GRPC) || type.startsWith(GRPC + "+proto") || type.startsWith(GRPC + ";"))) {
            metrics.countBad("grpc", signal, BadRequestException.Kind.UNSUPPORTED);
            return HttpResponse.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }
        String encoding = req.headers().get("grpc-encoding");
        return HttpResponse.of(req.aggregate().thenCompose(agg -> {
            byte[] frame = agg.content().array();
            byte[] message;
            try {
                message = unframe(frame, encoding);
            } catch (BadRequestException e) {
                metrics.countBad("grpc", signal, e.kind());
                return java.util.concurrent.CompletableFuture.completedFuture(error(code(e.kind()), e.getMessage(), 0));
            }
            boolean compressed = frame[0] == 1;
            return ingest.ingest(signal, message, compressed ? encoding : null, false, AccessControl.identity(ctx).tenants()).thenApply(reply -> {
                metrics.count("grpc", signal, reply, frame.length);
                return render(reply);
            });
        }));
    }

    /** The message of a unary request: one frame of [compressed flag, 4-byte big-endian length, bytes]. */
    private byte[] unframe(byte[] frame, String encoding) throws BadRequestException {
        if (frame.length < 5) {
            throw new BadRequestException(BadRequestException.Kind.MALFORMED, "gRPC request shorter than its 5-byte frame header");
        }
        int flag = frame[0];
        long length = ((frame[1] & 0xFFL) << 24) | ((frame[2] & 0xFF) << 16) | ((frame[3] & 0xFF) << 8) | (frame[4] & 0xFF);
        if (flag != 0 && flag != 1) {
            throw new BadRequestException(BadRequestException.Kind.MALFORMED, "invalid gRPC frame flag " + flag);
        }
        if (length != frame.length - 5) {
            throw new BadRequestException(BadRequestException.Kind.MALFORMED,
                    "gRPC frame says " + length + " bytes but " + (frame.length - 5) + " followed (exactly one message expected)");
        }
        if (flag == 1 && (encoding == null || encoding.equals("identity"))) {
            throw new BadRequestException(BadRequestException.Kind.MALFORMED, "compressed gRPC message without grpc-encoding");
        }
        if (flag == 1 && !(encoding.equals("gzip") || encoding.equals("zstd"))) {
            throw new BadRequestException(BadRequestException.Kind.UNSUPPORTED, "unsupported grpc-encoding '" + encoding + "'; use gzip or zstd");
        }
        if (length > ingest.limits().maxBodyBytes()) {
            throw new BadRequestException(BadRequestException.Kind.TOO_LARGE,
                    "message of " + length + " bytes exceeds the limit of " + ingest.limits().maxBodyBytes());
        }
        return java.util.Arrays.copyOfRange(frame, 5, frame.length);
    }

    private static Code code(BadRequestException.Kind kind) {
        return switch (kind) {
            case MALFORMED -> Code.INVALID_ARGUMENT;
            case TOO_LARGE -> Code.RESOURCE_EXHAUSTED;
            case UNSUPPORTED -> Code.UNIMPLEMENTED;
        };
    }

    private static HttpResponse render(IngestReply reply) {
        return switch (reply) {
            case IngestReply.Ok ok -> {
                byte[] m = ok.response().toByteArray();
                byte[] out = new byte[5 + m.length];
                out[1] = (byte) (m.length >>> 24);
                out[2] = (byte) (m.length >>> 16);
                out[3] = (byte) (m.length >>> 8);
                out[4] = (byte) m.length;
                System.arraycopy(m, 0, out, 5, m.length);
                yield HttpResponse.of(ResponseHeaders.builder(HttpStatus.OK).contentType(com.linecorp.armeria.common.MediaType.parse(GRPC))
                        .add("grpc-encoding", "identity").build(), HttpData.wrap(out), HttpHeaders.of("grpc-status", "0"));
            }
            case IngestReply.Bad bad -> error(code(bad.kind()), bad.message(), 0);
            // UNAVAILABLE is retryable for every OTLP client; RetryInfo tells it how long to wait.
            case IngestReply.Retry r -> error(Code.UNAVAILABLE, r.message(), r.retryAfterSeconds());
        };
    }

    /** A trailers-only response carrying the status, its message, and RetryInfo when there is a delay to suggest. */
    private static HttpResponse error(Code code, String message, int retryAfterSeconds) {
        com.linecorp.armeria.common.ResponseHeadersBuilder h = ResponseHeaders.builder(HttpStatus.OK)
                .contentType(com.linecorp.armeria.common.MediaType.parse(GRPC))
                .add("grpc-status", Integer.toString(code.getNumber()))
                .add("grpc-message", URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20"));
        if (retryAfterSeconds > 0) {
            Status details = Status.newBuilder().setCode(code.getNumber()).setMessage(message)
                    .addDetails(Any.pack(RetryInfo.newBuilder().setRetryDelay(Duration.newBuilder().setSeconds(retryAfterSeconds)).build()))
                    .build();
            h.add("grpc-status-details-bin", Base64.getEncoder().withoutPadding().encodeToString(details.toByteArray()));
        }
        return HttpResponse.of(h.endOfStream(true).build());
    }
}

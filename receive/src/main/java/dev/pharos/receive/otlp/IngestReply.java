package dev.pharos.receive.otlp;

import com.google.protobuf.Message;

/** The transport-neutral answer to one export call; the HTTP and gRPC services render it. */
sealed interface IngestReply {

    /** Taken (possibly partially: the response carries the partial-success counts). */
    record Ok(Message response, boolean partial) implements IngestReply {}

    /** The payload is at fault; do not retry. */
    record Bad(BadRequestException.Kind kind, String message) implements IngestReply {}

    /** Pharos cannot take it now; retry later. */
    record Retry(String message, int retryAfterSeconds) implements IngestReply {}
}

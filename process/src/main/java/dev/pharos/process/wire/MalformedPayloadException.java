package dev.pharos.process.wire;

/** The payload is not valid OTLP protobuf; nothing of the request is kept and the sender is told why. */
public final class MalformedPayloadException extends RuntimeException {

    public MalformedPayloadException(String message) {
        super(message, null, false, false);
    }
}

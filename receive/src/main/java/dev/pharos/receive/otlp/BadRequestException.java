package dev.pharos.receive.otlp;

/** The payload cannot be taken as sent: malformed, unsupported or too large. The message goes back to the sender. */
final class BadRequestException extends Exception {

    enum Kind { MALFORMED, TOO_LARGE, UNSUPPORTED }

    private final Kind kind;

    BadRequestException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}

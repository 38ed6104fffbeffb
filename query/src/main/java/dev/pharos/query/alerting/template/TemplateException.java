package dev.pharos.query.alerting.template;

/** A template that does not parse, or whose execution failed; the message reads like Go's text/template errors. */
public final class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}

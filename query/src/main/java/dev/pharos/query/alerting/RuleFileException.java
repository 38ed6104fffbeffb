package dev.pharos.query.alerting;

import java.util.List;

/** A rule file that does not load: every problem found, one per line, each with its file:line:col. */
public final class RuleFileException extends Exception {

    private final List<String> errors;

    public RuleFileException(List<String> errors) {
        super(String.join("\n", errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}

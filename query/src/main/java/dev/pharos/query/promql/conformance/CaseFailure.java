package dev.pharos.query.promql.conformance;

/** A difference between what a script expected and what the engine returned. */
public record CaseFailure(String file, int line, String expr, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + expr + "\n    " + message;
    }
}

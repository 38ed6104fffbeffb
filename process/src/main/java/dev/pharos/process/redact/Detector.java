package dev.pharos.process.redact;

/**
 * Finds one kind of secret in a value. Implementations are stateless and thread-safe, run on every
 * string before it is buffered, and must reject a clean string cheaply: most log lines contain no
 * secret, so each starts with a pre-filter (a character or a literal it cannot match without) and
 * scans linearly, never with a backtracking regular expression.
 */
public interface Detector {

    SecretKind kind();

    /** Adds to {@code out} every secret in {@code text} as a half-open span; adds nothing and allocates nothing when there is none. */
    void find(String text, Spans out);
}

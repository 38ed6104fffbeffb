package dev.pharos.process.redact;

/** What happens to a value in which a secret was found. */
public enum RedactionMode {
    /** The secret is replaced by {@code [REDACTED:<detector>]}. */
    MASK,
    /**
     * The secret is replaced by {@code [<detector>:<12 hex digits>]}, a truncated HMAC-SHA256 under a
     * configured key: the same value yields the same marker, so a leaked token can still be followed
     * across records, but without the key it can be neither reversed nor confirmed by guessing.
     */
    HASH,
    /** The whole value (the attribute, the body) is removed; the caller decides what a value is. */
    DROP
}

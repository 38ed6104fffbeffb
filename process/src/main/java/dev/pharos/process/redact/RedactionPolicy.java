package dev.pharos.process.redact;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * How one dataset is redacted: which detectors run, what happens to a value they flag, and, for
 * {@link RedactionMode#HASH}, the key. Immutable; the {@code with...} methods return copies, so a
 * policy may pass through incomplete states (hash mode before its key): {@link Redactor} checks it.
 */
public final class RedactionPolicy {

    /** HMAC keys shorter than this make the markers guessable for short secrets (PINs, card numbers). */
    public static final int MIN_HASH_KEY_BYTES = 16;

    private final Set<SecretKind> enabled;
    private final RedactionMode mode;
    private final byte[] hashKey;

    private RedactionPolicy(Set<SecretKind> enabled, RedactionMode mode, byte[] hashKey) {
        EnumSet<SecretKind> copy = EnumSet.noneOf(SecretKind.class);
        copy.addAll(enabled);
        this.enabled = Collections.unmodifiableSet(copy);
        this.mode = mode;
        this.hashKey = hashKey == null ? new byte[0] : hashKey.clone();
    }

    /** Every detector that is on by default (all but the IP ones), masking. */
    public static RedactionPolicy defaults() {
        EnumSet<SecretKind> on = EnumSet.noneOf(SecretKind.class);
        for (SecretKind k : SecretKind.values()) {
            if (k.onByDefault()) {
                on.add(k);
            }
        }
        return new RedactionPolicy(on, RedactionMode.MASK, null);
    }

    public static RedactionPolicy of(Set<SecretKind> enabled, RedactionMode mode, byte[] hashKey) {
        return new RedactionPolicy(enabled, mode, hashKey);
    }

    public RedactionPolicy withMode(RedactionMode newMode) {
        return new RedactionPolicy(enabled, newMode, hashKey);
    }

    public RedactionPolicy withHashKey(byte[] key) {
        return new RedactionPolicy(enabled, mode, key);
    }

    public RedactionPolicy with(SecretKind kind) {
        EnumSet<SecretKind> on = EnumSet.noneOf(SecretKind.class);
        on.addAll(enabled);
        on.add(kind);
        return new RedactionPolicy(on, mode, hashKey);
    }

    public RedactionPolicy without(SecretKind kind) {
        EnumSet<SecretKind> on = EnumSet.noneOf(SecretKind.class);
        on.addAll(enabled);
        on.remove(kind);
        return new RedactionPolicy(on, mode, hashKey);
    }

    public Set<SecretKind> enabled() {
        return enabled;
    }

    public boolean isEnabled(SecretKind kind) {
        return enabled.contains(kind);
    }

    public RedactionMode mode() {
        return mode;
    }

    /** Hash mode under {@code key}. */
    public RedactionPolicy withHash(byte[] key) {
        return new RedactionPolicy(enabled, RedactionMode.HASH, key);
    }

    byte[] hashKey() {
        return hashKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RedactionPolicy p && p.enabled.equals(enabled) && p.mode == mode && Arrays.equals(p.hashKey, hashKey);
    }

    @Override
    public int hashCode() {
        return enabled.hashCode() * 31 + mode.hashCode();
    }

    @Override
    public String toString() {
        // Never the key.
        return "RedactionPolicy[" + mode + " " + enabled + "]";
    }
}

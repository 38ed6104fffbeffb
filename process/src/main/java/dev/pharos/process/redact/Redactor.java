package dev.pharos.process.redact;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Applies one {@link RedactionPolicy} to values before they are stored or buffered. Thread-safe; one
 * instance per dataset.
 *
 * <p>A value without a secret costs one linear pass per enabled detector and no allocation, and
 * comes back as the same instance, so callers can test {@code result == value} to skip re-encoding.
 * Overlapping detections are merged (see {@link Spans}); each merged region counts once, for the
 * detector that found its start.
 */
public final class Redactor {

    private static final int HASH_HEX_DIGITS = 12;

    private final RedactionPolicy policy;
    private final Detector[] detectors;
    private final boolean secretAttributes;
    private final LongAdder[] counts;
    /** The prefilter bits of the enabled text detectors. */
    private final int scanned;
    private final RedactionMetrics metrics;
    private final ThreadLocal<Spans> scratch = ThreadLocal.withInitial(Spans::new);
    private final ThreadLocal<Mac> mac;

    public Redactor(RedactionPolicy policy) {
        this(policy, null);
    }

    /**
     * @param metrics where redactions are counted for {@code /metrics}; null for none
     * @throws IllegalArgumentException in hash mode without a key of {@link RedactionPolicy#MIN_HASH_KEY_BYTES}
     */
    public Redactor(RedactionPolicy policy, RedactionMetrics metrics) {
        if (policy.mode() == RedactionMode.HASH && policy.hashKey().length < RedactionPolicy.MIN_HASH_KEY_BYTES) {
            throw new IllegalArgumentException("hash mode needs a key of at least " + RedactionPolicy.MIN_HASH_KEY_BYTES + " bytes");
        }
        this.policy = policy;
        this.metrics = metrics;
        List<Detector> on = new ArrayList<>();
        for (SecretKind k : policy.enabled()) {
            if (k.scansText()) {
                on.add(Detectors.of(k));
            }
        }
        this.detectors = on.toArray(Detector[]::new);
        int bits = 0;
        for (Detector d : detectors) {
            bits |= Prefilter.bit(d.kind());
        }
        this.scanned = bits;
        this.secretAttributes = policy.isEnabled(SecretKind.SECRET_ATTRIBUTE);
        this.counts = new LongAdder[SecretKind.values().length];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = new LongAdder();
        }
        if (policy.mode() == RedactionMode.HASH) {
            SecretKeySpec key = new SecretKeySpec(policy.hashKey(), "HmacSHA256");
            checkHmac(key);
            this.mac = ThreadLocal.withInitial(() -> newMac(key));
        } else {
            this.mac = null;
        }
    }

    public RedactionPolicy policy() {
        return policy;
    }

    /**
     * Whether a UTF-8 value certainly holds nothing the text detectors would find: the caller can then
     * keep its bytes without decoding them. False means "look closer" ({@link #redact}), not "secret".
     * True also means the bytes are valid UTF-8 (checked in the same pass), so the caller need not
     * check them again. Does not cover {@link SecretKind#SECRET_ATTRIBUTE}, which depends on the key.
     */
    public boolean certainlyClean(byte[] utf8, int from, int to) {
        return certainlyClean(candidates(utf8, from, to));
    }

    /**
     * What {@link #certainlyClean(byte[], int, int)} decides from: the kinds of secret a UTF-8 value
     * may hold, or a mark that it is not UTF-8. The same for every policy, so a caller may remember it
     * per value and ask each policy {@link #certainlyClean(int)}.
     */
    public static int candidates(byte[] utf8, int from, int to) {
        return Prefilter.candidates(utf8, from, to);
    }

    /** {@link #certainlyClean(byte[], int, int)} for a value whose {@link #candidates} are known. */
    public boolean certainlyClean(int candidates) {
        return candidates != Prefilter.INVALID_UTF8 && (candidates & scanned) == 0;
    }

    /** Whether this policy replaces the whole value of attributes whose key {@linkplain #namesSecret names a secret}. */
    public boolean redactsSecretKeys() {
        return secretAttributes;
    }

    /** Whether an attribute key names a secret ({@code password}, {@code http.request.header.authorization}); the same for every policy. */
    public static boolean namesSecret(String key) {
        return key != null && SecretKeyNames.isSecretAttributeKey(key);
    }

    /** False when the policy enables no detector: callers can then skip reading values at all. */
    public boolean active() {
        return detectors.length > 0 || secretAttributes;
    }

    /**
     * The value with every secret masked or hashed; the same instance when there is none.
     *
     * @return null when the policy's mode is {@link RedactionMode#DROP} and a secret was found: the
     *         caller must then remove the whole field this value belongs to
     */
    public String redact(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        Spans spans = detect(value);
        if (spans.isEmpty()) {
            return value;
        }
        for (int k = 0; k < spans.size(); k++) {
            record(spans.kind(k));
        }
        String result = policy.mode() == RedactionMode.DROP ? null : render(value, spans);
        spans.clear();
        return result;
    }

    /**
     * One attribute: a key that names a secret ({@code password}, {@code http.request.header.authorization})
     * has its whole value replaced whatever it holds; any other value goes through {@link #redact}.
     *
     * @return null when the attribute must be dropped
     */
    public String redactAttribute(String key, String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        if (secretAttributes && key != null && SecretKeyNames.isSecretAttributeKey(key)) {
            record(SecretKind.SECRET_ATTRIBUTE);
            return switch (policy.mode()) {
                case MASK -> mask(SecretKind.SECRET_ATTRIBUTE);
                case HASH -> hash(SecretKind.SECRET_ATTRIBUTE, value);
                case DROP -> null;
            };
        }
        return redact(value);
    }

    /**
     * Every attribute through {@link #redactAttribute}. Returns {@code attributes} itself when nothing
     * changed; otherwise a new insertion-ordered map, without the attributes that had to be dropped.
     */
    public Map<String, String> redactAttributes(Map<String, String> attributes) {
        Map<String, String> changed = null;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            String before = e.getValue();
            String after = redactAttribute(e.getKey(), before);
            if (after == before && changed == null) {
                continue;
            }
            if (changed == null) {
                changed = new LinkedHashMap<>();
                for (Map.Entry<String, String> earlier : attributes.entrySet()) {
                    if (earlier.getKey().equals(e.getKey())) {
                        break;
                    }
                    changed.put(earlier.getKey(), earlier.getValue());
                }
            }
            if (after != null) {
                changed.put(e.getKey(), after);
            }
        }
        return changed == null ? attributes : changed;
    }

    /** Whether any enabled detector finds a secret in {@code value}; counts nothing. */
    public boolean containsSecret(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        Spans spans = detect(value);
        boolean found = !spans.isEmpty();
        spans.clear();
        return found;
    }

    /** The merged regions that {@link #redact} would replace, in order; counts nothing. For tests and diagnostics. */
    public List<Finding> find(String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        Spans spans = detect(value);
        List<Finding> found = new ArrayList<>(spans.size());
        for (int k = 0; k < spans.size(); k++) {
            found.add(new Finding(spans.start(k), spans.end(k), spans.kind(k)));
        }
        spans.clear();
        return found;
    }

    /** Redactions this instance made for {@code kind} since it was built. */
    public long count(SecretKind kind) {
        return counts[kind.ordinal()].sum();
    }

    private Spans detect(String value) {
        Spans spans = scratch.get();
        spans.clear();
        int candidates = Prefilter.candidates(value);
        for (Detector d : detectors) {
            if ((candidates & Prefilter.bit(d.kind())) != 0) {
                d.find(value, spans);
            }
        }
        if (spans.size() > 1) {
            spans.sortAndMerge();
        }
        return spans;
    }

    private void record(SecretKind kind) {
        counts[kind.ordinal()].increment();
        if (metrics != null) {
            metrics.redacted(kind);
        }
    }

    private String render(String value, Spans spans) {
        StringBuilder out = new StringBuilder(value.length() + 24 * spans.size());
        int at = 0;
        for (int k = 0; k < spans.size(); k++) {
            out.append(value, at, spans.start(k));
            SecretKind kind = spans.kind(k);
            out.append(policy.mode() == RedactionMode.HASH ? hash(kind, value.substring(spans.start(k), spans.end(k))) : mask(kind));
            at = spans.end(k);
        }
        return out.append(value, at, value.length()).toString();
    }

    private static String mask(SecretKind kind) {
        return "[REDACTED:" + kind.label() + "]";
    }

    private String hash(SecretKind kind, String secret) {
        byte[] digest = mac.get().doFinal(secret.getBytes(StandardCharsets.UTF_8));
        return "[" + kind.label() + ":" + HexFormat.of().formatHex(digest, 0, HASH_HEX_DIGITS / 2) + "]";
    }

    // A key the provider refuses should fail where the policy is applied, not on the first secret of a running pipeline.
    private static void checkHmac(SecretKeySpec key) {
        newMac(key);
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides HmacSHA256", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable hash key", e);
        }
    }
}

package dev.pharos.process.otlp;

import dev.pharos.process.redact.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Remembers, per attribute key as it appears on the wire, whether it names a secret: the same few
 * dozen keys come on every record, and deciding costs a decoded String and a suffix scan each time.
 * A small direct-mapped table; a collision only means deciding again. One per decoding thread.
 */
final class SecretKeyVerdicts {

    private static final int SIZE = 512;

    private final byte[][] keys = new byte[SIZE][];
    private final boolean[] secret = new boolean[SIZE];

    boolean namesSecret(byte[] buf, int start, int end) {
        int h = 1;
        for (int i = start; i < end; i++) {
            h = 31 * h + buf[i];
        }
        int slot = (h ^ h >>> 16) & (SIZE - 1);
        byte[] k = keys[slot];
        if (k != null && Arrays.equals(k, 0, k.length, buf, start, end)) {
            return secret[slot];
        }
        boolean verdict = Redactor.namesSecret(new String(buf, start, end - start, StandardCharsets.UTF_8));
        keys[slot] = Arrays.copyOfRange(buf, start, end);
        secret[slot] = verdict;
        return verdict;
    }
}

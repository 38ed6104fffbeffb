package dev.pharos.process.otlp;

import dev.pharos.process.redact.Redactor;
import dev.pharos.process.wire.ByteRangeMemo;
import java.nio.charset.StandardCharsets;

/**
 * Remembers, per attribute key as it appears on the wire, whether it names a secret: the same few
 * dozen keys come on every record, and deciding costs a decoded String and a suffix scan each time.
 * One per decoding thread.
 */
final class SecretKeyVerdicts {

    private final ByteRangeMemo verdicts = new ByteRangeMemo(512, 128);

    boolean namesSecret(byte[] buf, int start, int end) {
        int known = verdicts.get(buf, start, end);
        if (known != ByteRangeMemo.MISSING) {
            return known == 1;
        }
        boolean verdict = Redactor.namesSecret(new String(buf, start, end - start, StandardCharsets.UTF_8));
        verdicts.put(buf, start, end, verdict ? 1 : 0);
        return verdict;
    }
}

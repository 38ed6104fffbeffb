package dev.pharos.process.redact;

import java.util.ArrayList;
import java.util.List;

/** What one detector reports, as the substrings it would remove. */
final class Found {

    private Found() {
    }

    static List<String> by(SecretKind kind, String text) {
        Spans spans = new Spans();
        Detectors.of(kind).find(text, spans);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < spans.size(); k++) {
            out.add(text.substring(spans.start(k), spans.end(k)));
        }
        return out;
    }
}

package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pharos.process.wire.Utf8CheckTest;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A value the prefilter calls clean is written from the request bytes without another UTF-8 check,
 * so the prefilter must refuse every byte string that is not UTF-8, and must not lose the detector
 * candidates of one that is.
 */
class PrefilterUtf8Test {

    private final Redactor redactor = new Redactor(RedactionPolicy.defaults());

    @Test
    void nothingThatIsNotUtf8IsEverCertainlyClean() {
        Random r = new Random(3);
        int invalid = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] b = Utf8CheckTest.randomBytes(r);
            if (!Utf8CheckTest.jdkValid(b)) {
                invalid++;
                assertThat(redactor.certainlyClean(b, 0, b.length)).as(java.util.HexFormat.of().formatHex(b)).isFalse();
            }
        }
        assertThat(invalid).isGreaterThan(10_000);
    }

    @Test
    void multiByteCharactersNeitherHideNorInventCandidates() {
        byte[] clean = "größe 12 ms — ok ✓ 🚀".getBytes(StandardCharsets.UTF_8);
        assertThat(redactor.certainlyClean(clean, 0, clean.length)).isTrue();
        byte[] card = "zahlung ✓ 4111 1111 1111 1111 🚀".getBytes(StandardCharsets.UTF_8);
        assertThat(redactor.certainlyClean(card, 0, card.length)).isFalse();
        byte[] email = "für jörg@example.com".getBytes(StandardCharsets.UTF_8);
        assertThat(redactor.certainlyClean(email, 0, email.length)).isFalse();
    }
}

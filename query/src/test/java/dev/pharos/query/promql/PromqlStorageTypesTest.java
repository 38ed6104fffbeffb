package dev.pharos.query.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pharos.query.promql.storage.GoStrings;
import dev.pharos.query.promql.storage.LabelMatcher;
import dev.pharos.query.promql.storage.Labels;
import dev.pharos.query.promql.storage.Re2Translator;
import dev.pharos.query.promql.storage.StaleNaN;
import org.junit.jupiter.api.Test;

class PromqlStorageTypesTest {

    @Test
    void labelsAreSortedAndPrintedLikePrometheus() {
        Labels l = Labels.of("job", "api", "__name__", "up", "a.b", "x\"y");
        assertThat(l.name(0)).isEqualTo("__name__");
        assertThat(l.toString()).isEqualTo("{__name__=\"up\", \"a.b\"=\"x\\\"y\", job=\"api\"}");
        assertThat(l.get("missing")).isEmpty();
        assertThat(Labels.of("a", "")).isEqualTo(Labels.empty()).as("empty values do not exist");
    }

    @Test
    void labelHashIsPrometheusXxhash() {
        // xxhash64 of "" is ef46db3751d8e999; of "a\xffb\xff" computed by Prometheus' labels.Hash.
        assertThat(Long.toHexString(Labels.empty().hash())).isEqualTo("ef46db3751d8e999");
        assertThat(Labels.of("a", "b").hash()).isEqualTo(Labels.of("a", "b").hash());
        assertThat(Labels.of("a", "b").hash()).isNotEqualTo(Labels.of("a", "c").hash());
    }

    @Test
    void labelsCompareLikePrometheus() {
        assertThat(Labels.of("a", "1").compareTo(Labels.of("a", "2"))).isNegative();
        assertThat(Labels.of("a", "1").compareTo(Labels.of("a", "1", "b", "1"))).isNegative();
        assertThat(Labels.of("b", "1").compareTo(Labels.of("a", "1", "b", "1"))).isPositive();
    }

    @Test
    void regexMatchersAreAnchoredAndDotMatchesNewline() {
        LabelMatcher m = LabelMatcher.of(LabelMatcher.Type.REGEX, "a", "fo.");
        assertThat(m.matches("foo")).isTrue();
        assertThat(m.matches("xfoo")).isFalse();
        assertThat(m.matches("fo\n")).isTrue();
        assertThat(LabelMatcher.of(LabelMatcher.Type.REGEX, "a", "a|b").matches("ab")).isFalse();
        assertThat(LabelMatcher.of(LabelMatcher.Type.NOT_REGEX, "a", ".+").matches("")).isTrue();
        assertThat(LabelMatcher.of(LabelMatcher.Type.REGEX, "a", "(?i:PRO).*").matches("production")).isTrue();
        assertThat(LabelMatcher.equal("a", "").matches(null)).isTrue();
    }

    @Test
    void re2SyntaxIsTranslated() {
        assertThat(Re2Translator.compileAnchored("[[:digit:]]+").matcher("123").matches()).isTrue();
        assertThat(Re2Translator.compileAnchored("(?P<x>a)b").matcher("ab").matches()).isTrue();
        assertThat(Re2Translator.compileAnchored("[[]").matcher("[").matches()).isTrue();
        assertThat(Re2Translator.compileAnchored("a{").matcher("a{").matches()).isTrue();
        assertThat(Re2Translator.compileAnchored("a$").matcher("a").matches()).isTrue();
        assertThat(Re2Translator.compileAnchored("[a&&b]").matcher("&").matches()).isTrue();
        assertThatThrownBy(() -> LabelMatcher.of(LabelMatcher.Type.REGEX, "a", "(")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void invalidUtf8BytesSurviveAsEscapes() {
        String s = GoStrings.decodeUtf8(new byte[] {'a', (byte) 0xC5, 'z'}, 3);
        assertThat(GoStrings.isValidUtf8(s)).isFalse();
        assertThat(GoStrings.quote(s)).isEqualTo("\"a\\xc5z\"");
        assertThat(GoStrings.utf8(s)).containsExactly('a', (byte) 0xC5, 'z');
        assertThat(GoStrings.quote("é\t")).isEqualTo("\"é\\t\"");
    }

    @Test
    void staleMarkerBits() {
        assertThat(StaleNaN.is(StaleNaN.VALUE)).isTrue();
        assertThat(StaleNaN.is(Double.NaN)).isFalse();
    }
}

package dev.pharos.process.redact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One-megabyte values built to make a scanner go back over what it read (repeated prefixes, openings
 * that never close): every detector and the whole redactor must stay linear on them.
 */
class RedactAdversarialTest {

    private static final int SIZE = 1 << 20;

    static Stream<String> units() {
        return Stream.of("a", "1", "1 ", "1-", "4111 ", "4111-1111-", "@", "a@", "a@b.", "a.b@c.de ", "%40", "a%40b.", "eyJ",
                "eyJaaaaaaaaaaaa.", "eyJaaaaaaaaaaaa.aaaaaaaaaaaa.", "AKIA", "ASIA", "-----BEGIN ", "-----BEGIN PRIVATE KEY-----",
                "-----BEGIN PRIVATE KEY-----\\n", "-----END ", "://", "a://", "a://b:c@", "a://b:", "password=", "password=\"",
                "password=\\\"", "password: ", "password:", "password:a ", "\"password\":\"", "'password': '", "<password>",
                "<a:password>", "&password=&", "=", "==", ":", "::", "1:", "a:", "1::", "1.", "1.1.", "255.255.255.255.", "bearer ",
                "Bearer a", "Bearer aaaaaaaaaaaaaa1 ", "authorization: ", "authorization=Basic ", "secret_access_key=", "secret",
                "secretaccesskey ", "ssh x@a.co ", "x@y.co ", "ssh", "token: a b ", "\\", "\"", "password=a&", "pwd=/", "password=\"$1 ",
                "password='${", "password=\\\"$1 ", "--password ", "--password $1 ", "--password '", "bEARER", "Authorization: Bearer",
                "secret_access_key: '", "a%2", "%20", "4111%20", "4111+", "@a.b", "@ä.ö", "<password>$1", "ftp://[::1]:");
    }

    /** The budget is for the algorithm, not for the JIT: compile the scanners on a small mix first. */
    @BeforeAll
    static void warmUp() {
        Redactor all = new Redactor(RedactionPolicy.of(EnumSet.allOf(SecretKind.class), RedactionMode.HASH,
                "adversarial-test-key-16".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        String sample = mixes().findFirst().orElseThrow().substring(0, 64 * 1024);
        for (int k = 0; k < 20; k++) {
            all.redact(sample);
        }
    }

    @ParameterizedTest
    @MethodSource("units")
    void everyDetectorStaysLinear(String unit) {
        String value = repeat(unit);
        Redactor all = new Redactor(RedactionPolicy.of(EnumSet.allOf(SecretKind.class), RedactionMode.MASK, null));
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> all.redact(value), () -> "redactor on " + unit);
        for (SecretKind kind : SecretKind.values()) {
            if (kind.scansText()) {
                Detector d = Detectors.of(kind);
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> d.find(value, new Spans()), () -> kind + " on " + unit);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("mixes")
    void randomMixesOfTriggersStayLinear(String value) {
        Redactor all = new Redactor(RedactionPolicy.of(EnumSet.allOf(SecretKind.class), RedactionMode.HASH,
                "adversarial-test-key-16".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        String out = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> all.redact(value));
        assertThat(out).isNotNull();
    }

    static Stream<String> mixes() {
        List<String> units = units().toList();
        List<String> out = new ArrayList<>();
        for (long seed = 1; seed <= 4; seed++) {
            Random r = new Random(seed);
            StringBuilder sb = new StringBuilder(SIZE + 64);
            while (sb.length() < SIZE) {
                sb.append(units.get(r.nextInt(units.size())));
            }
            out.add(sb.toString());
        }
        return out.stream();
    }

    private static String repeat(String unit) {
        return unit.repeat(SIZE / unit.length() + 1);
    }
}

package dev.pharos.process.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

public class Utf8CheckTest {

    @Test
    void agreesWithTheJdkDecoderOnValidTextAndRandomBytes() {
        for (String s : new String[] {"", "plain ascii over eight bytes long", "héllo", "日本語のログ", "emoji 🚀 in a span name", "\u0000ctl"}) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertThat(Utf8Check.isValid(b, 0, b.length)).as(s).isTrue();
        }
        Random r = new Random(1);
        for (int i = 0; i < 50_000; i++) {
            byte[] b = randomBytes(r);
            assertThat(Utf8Check.isValid(b, 0, b.length)).as(java.util.HexFormat.of().formatHex(b)).isEqualTo(jdkValid(b));
        }
    }

    @Test
    void rejectsOverlongSurrogatesAndTruncatedSequences() {
        assertThat(Utf8Check.isValid(new byte[] {(byte) 0xC0, (byte) 0x80}, 0, 2)).isFalse();
        assertThat(Utf8Check.isValid(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, 0, 3)).isFalse();
        assertThat(Utf8Check.isValid(new byte[] {(byte) 0xE2, (byte) 0x82}, 0, 2)).isFalse();
        assertThat(Utf8Check.isValid(new byte[] {'a', (byte) 0xE2, (byte) 0x82, (byte) 0xAC}, 0, 3)).isFalse();
        assertThat(Utf8Check.isValid(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, 0, 4)).isFalse();
    }

    /** Up to 23 random bytes, half the time mostly ASCII so that valid multi-byte sequences turn up too. */
    public static byte[] randomBytes(Random r) {
        byte[] b = new byte[r.nextInt(24)];
        r.nextBytes(b);
        if (r.nextBoolean()) {
            for (int k = 0; k < b.length; k++) {
                b[k] &= (byte) (r.nextInt(4) == 0 ? 0xFF : 0x7F);
            }
        }
        return b;
    }

    /** The JDK decoder's strict verdict, the reference for our own checks. */
    public static boolean jdkValid(byte[] b) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}

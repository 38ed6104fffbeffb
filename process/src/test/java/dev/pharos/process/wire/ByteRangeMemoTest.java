package dev.pharos.process.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteRangeMemoTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void holdsWhatWasPutPerExactStringWhereverItSitsInTheRequest() {
        ByteRangeMemo memo = new ByteRangeMemo(64, 16);
        byte[] request = utf8("xxGETyyPOSTzzGETT");
        memo.put(request, 2, 5, 7); // GET
        assertThat(memo.get(utf8("GET"), 0, 3)).isEqualTo(7);
        assertThat(memo.get(request, 13, 16)).isEqualTo(7); // the same bytes elsewhere
        assertThat(memo.get(request, 13, 17)).isEqualTo(ByteRangeMemo.MISSING); // GETT
        assertThat(memo.get(request, 7, 11)).isEqualTo(ByteRangeMemo.MISSING); // POST
        assertThat(memo.get(utf8("GEt"), 0, 3)).isEqualTo(ByteRangeMemo.MISSING);
        memo.put(request, 2, 5, 9);
        assertThat(memo.get(request, 2, 5)).isEqualTo(9);
        // The empty string is a string like any other.
        memo.put(request, 0, 0, 3);
        assertThat(memo.get(utf8("zz"), 1, 1)).isEqualTo(3);
    }

    @Test
    void neverHoldsLongerStringsAndACollisionOnlyForgets() {
        ByteRangeMemo memo = new ByteRangeMemo(2, 8);
        byte[] nine = utf8("123456789");
        memo.put(nine, 0, 9, 1);
        assertThat(memo.get(nine, 0, 9)).isEqualTo(ByteRangeMemo.MISSING);
        // Two slots, many strings: each answer is either what was put for exactly that string, or MISSING.
        for (int i = 0; i < 200; i++) {
            byte[] s = utf8("k" + i);
            memo.put(s, 0, s.length, i);
            for (int j = 0; j <= i; j++) {
                byte[] t = utf8("k" + j);
                int got = memo.get(t, 0, t.length);
                assertThat(got).isIn(j, ByteRangeMemo.MISSING);
            }
            assertThat(memo.get(s, 0, s.length)).isEqualTo(i);
        }
        assertThatThrownBy(() -> new ByteRangeMemo(3, 8)).isInstanceOf(IllegalArgumentException.class);
    }
}

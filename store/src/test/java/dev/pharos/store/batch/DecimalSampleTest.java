package dev.pharos.store.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalSampleTest {

    @Test
    void everyValueComesBackBitForBit() {
        SplittableRandom rnd = new SplittableRandom(7);
        int decimal = 0;
        for (int i = 0; i < 1_000_000; i++) {
            double v = switch (i % 4) {
                case 0 -> rnd.nextLong(0, 1L << 40);                               // counters
                case 1 -> Math.round(rnd.nextDouble(-1e6, 1e6) * 1000) / 1000.0;   // gauges with decimals
                case 2 -> rnd.nextDouble() * Math.pow(10, rnd.nextInt(-30, 30));  // anything
                default -> Double.longBitsToDouble(rnd.nextLong());               // any bits, NaNs included
            };
            long bits = Double.doubleToRawLongBits(v);
            int scale = DecimalSample.scaleOf(bits);
            long mantissa = scale == DecimalSample.RAW ? 0 : DecimalSample.mantissa(bits, scale);
            double back = DecimalSample.value(mantissa, scale, scale == DecimalSample.RAW ? v : 0);
            assertThat(Double.doubleToRawLongBits(back)).as("%s", v).isEqualTo(bits);
            decimal += scale == DecimalSample.RAW ? 0 : 1;
        }
        // Counters and gauges are all decimal.
        assertThat(decimal).isGreaterThanOrEqualTo(500_000);
    }

    @Test
    void aSeriesKeepsOneScaleForItsShortDecimals() {
        assertThat(DecimalSample.scaleOf(Double.doubleToRawLongBits(0.5))).isEqualTo(3);
        assertThat(DecimalSample.scaleOf(Double.doubleToRawLongBits(0.51))).isEqualTo(3);
        assertThat(DecimalSample.scaleOf(Double.doubleToRawLongBits(0.512))).isEqualTo(3);
        assertThat(DecimalSample.scaleOf(Double.doubleToRawLongBits(3.0))).isZero();
        assertThat(DecimalSample.scaleOf(Double.doubleToRawLongBits(-0.0))).isEqualTo(DecimalSample.RAW);
    }
}

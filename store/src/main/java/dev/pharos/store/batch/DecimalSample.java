package dev.pharos.store.batch;

/**
 * How {@code prom_samples} stores a value: as {@code mantissa / 10^scale} when that gives back the
 * same double bit for bit, else as the raw double. Scraped counters are integers and gauges mostly
 * have a few decimals; their mantissas in key order change by small steps, which T64 + ZSTD pack
 * in about one byte where the doubles' noisy low mantissa bits cost two after ZSTD (the way
 * VictoriaMetrics stores values; DoubleDelta was as small on the bench's data but slower to read). Scales are tried in steps of three so a series' values keep one
 * scale (0.5 and 0.512 both at 3) and its mantissas stay smooth.
 */
public final class DecimalSample {

    /** The scale that marks a value stored raw (NaN, staleness markers, infinities, -0, 1/3...). */
    public static final int RAW = -1;

    /** The column holding a value stored raw; {@code Value} is the value either way (an ALIAS of {@link #sqlExpression}). */
    public static final String RAW_COLUMN = "ValueFloat";

    /** Largest scale tried; {@code 10^15} is an exact double. */
    public static final int MAX_SCALE = 15;

    /** Below 2^53 a long converts to double exactly, so the division is the only rounding step. */
    private static final double EXACT_LIMIT = 0x1p53;

    private static final double[] POW10 = new double[MAX_SCALE + 1];

    static {
        double p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private DecimalSample() {}

    /**
     * The scale at which {@code bits} round-trip, or {@link #RAW}. IEEE division is correctly
     * rounded in Java and in the engine alike, so a mantissa that comes back exact here comes back
     * exact in SQL.
     */
    public static int scaleOf(long bits) {
        double v = Double.longBitsToDouble(bits);
        for (int scale = 0; scale <= MAX_SCALE; scale += 3) {
            double scaled = v * POW10[scale];
            if (!(Math.abs(scaled) < EXACT_LIMIT)) {
                return RAW;
            }
            // Through long, as stored: -0.0 comes back as 0.0 and stays raw.
            long m = (long) Math.rint(scaled);
            if (Double.doubleToRawLongBits(m / POW10[scale]) == bits) {
                return scale;
            }
        }
        return RAW;
    }

    /** The mantissa of {@code bits} at a scale {@link #scaleOf} returned (not {@link #RAW}). */
    public static long mantissa(long bits, int scale) {
        return (long) Math.rint(Double.longBitsToDouble(bits) * POW10[scale]);
    }

    /** The value back, as the engine computes it from the stored columns. */
    public static double value(long mantissa, int scale, double raw) {
        return scale == RAW ? raw : mantissa / POW10[scale];
    }

    /**
     * The same in SQL over {@code prom_samples}' columns: {@code ValueFloat} holds the raw double when
     * {@code ValueScale} is negative (and for rows written before the decimal columns existed).
     */
    public static String sqlExpression() {
        // intExp10 is an exact integer table; both operands convert to double exactly below 2^53.
        return "if(ValueScale < 0, " + RAW_COLUMN + ", ValueMantissa / intExp10(ValueScale))";
    }
}

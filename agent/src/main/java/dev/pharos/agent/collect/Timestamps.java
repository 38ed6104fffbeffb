package dev.pharos.agent.collect;

/**
 * RFC 3339 timestamps as container runtimes write them ({@code 2024-05-01T10:02:03.123456789Z},
 * CRI-O also {@code ...+02:00}; Go trims trailing zeros of the fraction, or drops it), parsed
 * straight from the line's bytes into Unix nanoseconds. Hand-written because this runs once per
 * line: {@code java.time} parsing would allocate several objects each time.
 */
public final class Timestamps {

    /** Returned for text that is not a timestamp. */
    public static final long INVALID = Long.MIN_VALUE;

    private Timestamps() {}

    /** Unix nanoseconds of the timestamp in {@code b[start, end)}, or {@link #INVALID}. */
    public static long parseRfc3339(byte[] b, int start, int end) {
        // YYYY-MM-DDTHH:MM:SS is 19 bytes, then an optional fraction, then Z or an offset.
        if (end - start < 20) {
            return INVALID;
        }
        int year = digits(b, start, 4);
        int month = digits(b, start + 5, 2);
        int day = digits(b, start + 8, 2);
        int hour = digits(b, start + 11, 2);
        int minute = digits(b, start + 14, 2);
        int second = digits(b, start + 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60
                || b[start + 4] != '-' || b[start + 7] != '-' || (b[start + 10] != 'T' && b[start + 10] != 't')
                || b[start + 13] != ':' || b[start + 16] != ':' || hour < 0 || minute < 0 || second < 0) {
            return INVALID;
        }
        int i = start + 19;
        long fraction = 0;
        if (b[i] == '.') {
            i++;
            int fractionDigits = 0;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                if (fractionDigits < 9) {
                    fraction = fraction * 10 + (b[i] - '0');
                }
                fractionDigits++;
                i++;
            }
            if (fractionDigits == 0) {
                return INVALID;
            }
            for (int k = fractionDigits; k < 9; k++) {
                fraction *= 10;
            }
        }
        int offsetSeconds;
        if (i == end - 1 && (b[i] == 'Z' || b[i] == 'z')) {
            offsetSeconds = 0;
        } else if (i == end - 6 && (b[i] == '+' || b[i] == '-') && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if (oh < 0 || om < 0 || oh > 23 || om > 59) {
                return INVALID;
            }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == '-' ? -1 : 1);
        } else {
            return INVALID;
        }
        // A leap second (:60) is folded onto the next second, as Go's parser does.
        long epochSeconds = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSeconds * 1_000_000_000L + fraction;
    }

    private static int digits(byte[] b, int at, int n) {
        int v = 0;
        for (int k = 0; k < n; k++) {
            int d = b[at + k] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year;
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400;
        int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468L;
    }
}

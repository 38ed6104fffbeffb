package dev.pharos.query.alerting;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Go's time formats as its JSON encoder writes them. */
public final class GoTimes {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private GoTimes() {}

    /** RFC3339Nano in UTC: fraction without trailing zeros, none when whole; null (Go's zero time) as 0001-01-01T00:00:00Z. */
    public static String rfc3339Nano(Instant t) {
        if (t == null) {
            return "0001-01-01T00:00:00Z";
        }
        StringBuilder sb = new StringBuilder(SECONDS.format(t));
        int nano = t.getNano();
        if (nano != 0) {
            String frac = String.format("%09d", nano);
            int end = frac.length();
            while (frac.charAt(end - 1) == '0') {
                end--;
            }
            sb.append('.').append(frac, 0, end);
        }
        return sb.append('Z').toString();
    }
}

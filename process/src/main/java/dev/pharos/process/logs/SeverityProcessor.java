package dev.pharos.process.logs;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code severity}: gives every record an OTel severity number and a canonical text (TRACE, DEBUG,
 * INFO, WARN, ERROR, FATAL), from, in order: the severity the sender set, a level attribute
 * ({@code level}, {@code severity}...), or a level word among the first words of the body
 * ({@code 2024-05-01 12:00:01 ERROR [main] ...}, in capitals). A record that already has a number keeps it.
 */
final class SeverityProcessor implements LogProcessor {

    private static final int BODY_WORDS = 6;

    private final List<String> fields;
    private final boolean fromBody;

    SeverityProcessor(List<String> fields, boolean fromBody) {
        this.fields = List.copyOf(fields);
        this.fromBody = fromBody;
    }

    static SeverityProcessor from(Map<String, Object> options) {
        Options o = new Options("severity", options, List.of("fields", "fromBody"));
        return new SeverityProcessor(o.strings("fields", List.of("level", "severity", "loglevel", "log.level", "lvl")), o.bool("fromBody", true));
    }

    @Override
    public void process(LogDraft r) {
        if (r.severityNumber() != 0) {
            int n = r.severityNumber();
            if (r.severityText().isEmpty()) {
                r.severity(n, canonical(n));
            }
            return;
        }
        int n = number(r.severityText());
        for (int i = 0; n == 0 && i < fields.size(); i++) {
            n = number(r.attributes().get(fields.get(i)));
        }
        if (n == 0 && fromBody) {
            n = fromBodyWords(r.body());
        }
        if (n != 0) {
            r.severity(n, canonical(n));
        }
    }

    private static int fromBodyWords(String body) {
        int words = 0;
        int i = 0;
        int len = Math.min(body.length(), 200);
        while (i < len && words < BODY_WORDS) {
            while (i < len && !Character.isLetter(body.charAt(i))) {
                if (body.charAt(i) == ' ') {
                    words++;
                }
                i++;
            }
            int start = i;
            while (i < len && Character.isLetter(body.charAt(i))) {
                i++;
            }
            // Only a word in capitals: "ERROR [main]" is a level, "an error happened" is prose.
            if (i - start > 1 && i - start <= 11 && allUpper(body, start, i)) {
                int n = number(body.substring(start, i));
                if (n != 0) {
                    return n;
                }
            }
            words++;
        }
        return 0;
    }

    private static boolean allUpper(String s, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!Character.isUpperCase(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** The OTel number of a level word, 0 when it is none. */
    static int number(String text) {
        if (text == null || text.isEmpty() || text.length() > 11) {
            return 0;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "trace", "t", "finest", "finer" -> 1;
            case "debug", "d", "dbg", "fine", "config" -> 5;
            case "info", "i", "information", "informational", "notice", "inf" -> 9;
            case "warn", "w", "warning", "wrn" -> 13;
            case "error", "e", "err", "severe", "exception" -> 17;
            case "fatal", "f", "critical", "crit", "panic", "emerg", "emergency", "alert", "ftl" -> 21;
            default -> 0;
        };
    }

    static String canonical(int n) {
        if (n <= 0) {
            return "";
        }
        return n <= 4 ? "TRACE" : n <= 8 ? "DEBUG" : n <= 12 ? "INFO" : n <= 16 ? "WARN" : n <= 20 ? "ERROR" : "FATAL";
    }
}

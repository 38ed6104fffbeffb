package dev.pharos.query;

import dev.pharos.store.ClickHouseException;
import java.util.regex.Pattern;

/** Turns the engine's error text into a message for the person who sent the query. */
public final class EngineErrors {

    private static final Pattern PREFIX = Pattern.compile("^(Code: \\d+\\. DB::Exception: )+");
    private static final Pattern VERSION = Pattern.compile("\\s*\\(version [^)]*\\)\\.?");

    private EngineErrors() {}

    /** "TIMEOUT_EXCEEDED: Timeout exceeded: elapsed 5000 ms, maximum: 5000 ms" instead of the raw engine text. */
    public static String describe(ClickHouseException e) {
        String text = VERSION.matcher(PREFIX.matcher(e.getMessage()).replaceFirst("")).replaceAll("");
        String suffix = "(" + e.errorName() + ")";
        int at = text.lastIndexOf(suffix);
        if (at >= 0) {
            text = text.substring(0, at);
        }
        text = PREFIX.matcher(text.strip()).replaceFirst("").strip();
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return e.errorName() + ": " + text;
    }
}

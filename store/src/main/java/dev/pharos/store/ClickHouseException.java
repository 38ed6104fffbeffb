package dev.pharos.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error reported by ClickHouse, with its numeric code (e.g. 62 = SYNTAX_ERROR) and name,
 * so callers can branch on the code instead of parsing text.
 */
public class ClickHouseException extends RuntimeException {

    /** Code used when the engine gave text without a "Code: N." prefix. */
    public static final int UNKNOWN_CODE = -1;

    private static final Pattern CODE = Pattern.compile("Code: (\\d+)\\.");
    private static final Pattern NAME = Pattern.compile("\\(([A-Z][A-Z0-9_]+)\\)(?: \\(version [^)]*\\))?\\s*$");

    private final int code;
    private final String errorName;

    public ClickHouseException(int code, String errorName, String message) {
        super(message);
        this.code = code;
        this.errorName = errorName;
    }

    /** Builds the exception from the engine's error text ("Code: 62. DB::Exception: ... (SYNTAX_ERROR)"). */
    public static ClickHouseException fromEngineMessage(String text) {
        String trimmed = text == null ? "" : text.strip();
        Matcher code = CODE.matcher(trimmed);
        Matcher name = NAME.matcher(trimmed);
        return new ClickHouseException(
                code.find() ? Integer.parseInt(code.group(1)) : UNKNOWN_CODE,
                name.find() ? name.group(1) : "UNKNOWN",
                trimmed);
    }

    public int code() {
        return code;
    }

    /** The symbolic ClickHouse error name, e.g. SYNTAX_ERROR, or UNKNOWN. */
    public String errorName() {
        return errorName;
    }
}

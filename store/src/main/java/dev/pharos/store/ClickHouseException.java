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

    /**
     * Codes that describe the server's state rather than the statement (overload, memory, too many
     * parts, replicas or network): the same statement may succeed later, so it is worth retrying.
     */
    private static final java.util.Set<Integer> TRANSIENT = java.util.Set.of(
            32, 159, 164, 202, 209, 210, 236, 241, 242, 252, 285, 286, 319, 394, 425, 999, 1000);

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

    /** True when retrying the same statement later may succeed; false for errors in the statement or data. */
    public boolean isTransient() {
        return TRANSIENT.contains(code);
    }

    /** The symbolic ClickHouse error name, e.g. SYNTAX_ERROR, or UNKNOWN. */
    public String errorName() {
        return errorName;
    }
}

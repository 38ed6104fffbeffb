package dev.pharos.store.embedded;

import java.util.regex.Pattern;

/**
 * Refuses INSERT statements that carry their rows in the statement text ({@code VALUES ...} or
 * {@code FORMAT ...} followed by data). The embedded engine runs its client code in this process,
 * and that code also reads this process's stdin for such an insert whenever stdin is not a
 * terminal: with async_insert on (the 26.x default) it refuses the insert if bytes wait there,
 * and with it off it appends them to the rows. Both happen under a shell pipe, a supervisor or a
 * test runner that talks to its fork over stdin. {@code INSERT ... SELECT} (with the
 * {@code values()} table function for literal rows) and {@code INSERT ... FROM INFILE} never
 * touch stdin.
 */
final class InlinedInsertData {

    private static final Pattern INSERT = Pattern.compile("(?is)^\\s*INSERT\\b.*");
    /** INSERT INTO [TABLE] name [(columns)] followed by a SELECT, a WITH or FROM INFILE. */
    private static final Pattern NO_INLINED_DATA = Pattern.compile(
            "(?is)^\\s*INSERT\\s+INTO\\s+(TABLE\\s+)?[^\\s(]+\\s*(\\([^)]*\\)\\s*)?(SELECT|WITH|FROM\\s+INFILE)\\b.*");

    private InlinedInsertData() {
    }

    static void refuse(String sql) {
        if (INSERT.matcher(sql).matches() && !NO_INLINED_DATA.matcher(sql).matches()) {
            throw new IllegalArgumentException("the embedded engine would read this INSERT's data from the process's stdin too;"
                    + " write INSERT INTO t (columns) SELECT * FROM values((...), (...)) instead: "
                    + (sql.length() > 120 ? sql.substring(0, 120) + "..." : sql));
        }
    }
}

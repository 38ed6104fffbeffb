package dev.pharos.query.sql;

import dev.pharos.query.QueryException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Vets SQL written by a user before it reaches the engine. The engine's readonly mode is the real
 * wall (writes, DDL, SYSTEM, setting changes, most table functions); this guard closes what
 * readonly mode leaves open in an embedded engine: several statements in one request, INTO
 * OUTFILE, a FORMAT clause that would change the response format, and functions that read local
 * files or reach other hosts.
 */
public final class SqlGuard {

    private static final Set<String> FIRST_WORDS = Set.of("SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "EXISTS");

    /** Functions that read files or talk to other systems; matched case-insensitively, also by prefix below. */
    private static final Set<String> DENIED_FUNCTIONS = Set.of(
            "file", "filecluster", "url", "urlcluster", "remote", "remotesecure", "cluster", "clusterallreplicas", "executable",
            "executablepool", "input", "jdbc", "odbc", "sqlite", "redis", "mongodb", "catboostevaluate", "merge", "dictionary");
    private static final List<String> DENIED_PREFIXES = List.of(
            "s3", "gcs", "hdfs", "azure", "iceberg", "deltalake", "hudi", "mysql", "postgresql", "oss", "cosn", "paimon",
            "arrowflight", "ytsaurus", "hive", "kafka", "nats", "rabbitmq");

    /**
     * Table functions that only make up rows. Any other table function is refused: several read
     * tables past the engine's row filters (merge(), mergeTreeIndex()) or reach outside.
     */
    private static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of("numbers", "numbers_mt", "zeros", "zeros_mt", "generaterandom",
            "generate_series", "generateseries", "values", "null", "view");
    /** Words that end a FROM clause at their nesting level (ON and USING start join conditions: expressions again). */
    private static final Set<String> FROM_ENDS = Set.of("WHERE", "PREWHERE", "GROUP", "ORDER", "LIMIT", "HAVING", "SETTINGS", "UNION",
            "EXCEPT", "INTERSECT", "WINDOW", "QUALIFY", "ON", "USING", "SELECT");

    /** Keywords that may stand before a parenthesis inside a FROM clause without naming a function. */
    private static final Set<String> KEYWORDS_BEFORE_PAREN = Set.of("FROM", "JOIN", "AS", "LATERAL", "ARRAY", "FINAL", "SAMPLE", "IN",
            "ALL", "ANY", "SEMI", "ANTI", "ASOF", "CROSS", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "GLOBAL", "PASTE");

    private SqlGuard() {}

    /** Returns the statement without trailing semicolons, or throws a {@link QueryException} saying what is refused. */
    public static String check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new QueryException("empty query: send one SELECT (or SHOW / DESCRIBE / EXPLAIN) statement");
        }
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        int end = tokens.size();
        while (end > 0 && tokens.get(end - 1).kind() == SqlToken.Kind.SEMICOLON) {
            end--;
        }
        if (end == 0) {
            throw new QueryException("empty query: send one SELECT (or SHOW / DESCRIBE / EXPLAIN) statement");
        }
        SqlToken first = tokens.getFirst();
        if (!(first.kind() == SqlToken.Kind.WORD && FIRST_WORDS.contains(first.text().toUpperCase(Locale.ROOT))) && !first.isSymbol("(")) {
            throw new QueryException("only read queries are allowed (SELECT, WITH, SHOW, DESCRIBE, EXPLAIN, EXISTS); got '"
                    + first.text() + "' at position " + (first.offset() + 1));
        }
        java.util.ArrayDeque<Boolean> inFrom = new java.util.ArrayDeque<>();
        inFrom.push(false);
        for (int i = 0; i < end; i++) {
            SqlToken t = tokens.get(i);
            boolean call = i + 1 < end && tokens.get(i + 1).isSymbol("(");
            if (t.isSymbol("(")) {
                inFrom.push(false);
            } else if (t.isSymbol(")") && inFrom.size() > 1) {
                inFrom.pop();
            } else if (t.isWord("FROM") || t.isWord("JOIN")) {
                inFrom.pop();
                inFrom.push(true);
            } else if (t.kind() == SqlToken.Kind.WORD && FROM_ENDS.contains(t.text().toUpperCase(Locale.ROOT))) {
                inFrom.pop();
                inFrom.push(false);
            }
            boolean keyword = t.kind() == SqlToken.Kind.WORD && KEYWORDS_BEFORE_PAREN.contains(t.text().toUpperCase(Locale.ROOT));
            if (call && inFrom.peek() && !keyword && (t.kind() == SqlToken.Kind.WORD || t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER)
                    && !ALLOWED_TABLE_FUNCTIONS.contains(t.text().toLowerCase(Locale.ROOT))) {
                throw new QueryException("table function " + t.text() + "() is not allowed; read tables by name (numbers(), zeros(), "
                        + "values(), generateRandom() and view() are allowed)");
            }
            if (t.kind() == SqlToken.Kind.SEMICOLON) {
                throw new QueryException("one statement per request: found ';' followed by more text at position " + (t.offset() + 1));
            }
            if (t.isWord("OUTFILE") || t.isWord("INFILE")) {
                throw new QueryException(t.text().toUpperCase(Locale.ROOT) + " is not allowed: the server does not read or write files for a query");
            }
            if (t.isWord("FORMAT") && !call) {
                throw new QueryException("FORMAT clause is not allowed: choose the output with the 'format' parameter instead");
            }
            if (call && (t.kind() == SqlToken.Kind.WORD || t.kind() == SqlToken.Kind.QUOTED_IDENTIFIER) && denied(t.text())) {
                throw new QueryException("function " + t.text() + "() is not allowed: it reads files or reaches other systems");
            }
        }
        return sql.substring(0, end == tokens.size() ? sql.length() : tokens.get(end).offset()).strip();
    }

    private static boolean denied(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (DENIED_FUNCTIONS.contains(n)) {
            return true;
        }
        for (String p : DENIED_PREFIXES) {
            if (n.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}

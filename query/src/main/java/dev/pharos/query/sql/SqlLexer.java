package dev.pharos.query.sql;

import dev.pharos.query.QueryException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a ClickHouse statement into tokens, skipping comments.
 *
 * <p>Written here because no Java library parses ClickHouse's dialect, and the guard only needs
 * what a lexer knows: where statements end, which words are bare and which are quoted. It follows
 * ClickHouse's lexical rules: 'strings' and `identifiers` and "identifiers" with backslash escapes
 * and doubled quotes, -- and # line comments, nested-safe block comments, heredocs ($tag$...$tag$).
 * An unterminated string or comment is an error rather than a guess.
 */
final class SqlLexer {

    private final String sql;
    private int pos;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    static List<SqlToken> tokenize(String sql) {
        return new SqlLexer(sql).run();
    }

    private List<SqlToken> run() {
        List<SqlToken> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= sql.length()) {
                return tokens;
            }
            int start = pos;
            char c = sql.charAt(pos);
            if (c == '\'') {
                tokens.add(new SqlToken(SqlToken.Kind.STRING, quoted('\''), start));
            } else if (c == '`' || c == '"') {
                tokens.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, quoted(c), start));
            } else if (c == '$' && heredocTagEnd() > 0) {
                tokens.add(new SqlToken(SqlToken.Kind.STRING, heredoc(), start));
            } else if (c == ';') {
                pos++;
                tokens.add(new SqlToken(SqlToken.Kind.SEMICOLON, ";", start));
            } else if (Character.isDigit(c) || (c == '.' && pos + 1 < sql.length() && Character.isDigit(sql.charAt(pos + 1)))) {
                while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '.'
                        || ((sql.charAt(pos) == '+' || sql.charAt(pos) == '-') && (sql.charAt(pos - 1) == 'e' || sql.charAt(pos - 1) == 'E')))) {
                    pos++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.NUMBER, sql.substring(start, pos), start));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_' || sql.charAt(pos) == '$')) {
                    pos++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.WORD, sql.substring(start, pos), start));
            } else {
                pos++;
                tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, String.valueOf(c), start));
            }
        }
    }

    private void skipSpaceAndComments() {
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' || (c == '-' && peek(1) == '-')) {
                while (pos < sql.length() && sql.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int start = pos;
                int depth = 0;
                do {
                    if (pos + 1 >= sql.length()) {
                        throw new QueryException("unterminated /* comment starting at position " + (start + 1));
                    }
                    if (sql.charAt(pos) == '/' && sql.charAt(pos + 1) == '*') {
                        depth++;
                        pos += 2;
                    } else if (sql.charAt(pos) == '*' && sql.charAt(pos + 1) == '/') {
                        depth--;
                        pos += 2;
                    } else {
                        pos++;
                    }
                } while (depth > 0);
            } else {
                return;
            }
        }
    }

    private char peek(int ahead) {
        return pos + ahead < sql.length() ? sql.charAt(pos + ahead) : '\0';
    }

    private String quoted(char quote) {
        int start = pos;
        pos++;
        StringBuilder text = new StringBuilder();
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (c == '\\' && pos + 1 < sql.length()) {
                text.append(sql.charAt(pos + 1));
                pos += 2;
            } else if (c == quote) {
                if (peek(1) == quote) {
                    text.append(quote);
                    pos += 2;
                } else {
                    pos++;
                    return text.toString();
                }
            } else {
                text.append(c);
                pos++;
            }
        }
        throw new QueryException("unterminated " + quote + " quote starting at position " + (start + 1));
    }

    /** The end offset of a heredoc opening tag ($$ or $tag$) at pos, or -1. */
    private int heredocTagEnd() {
        int i = pos + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : -1;
    }

    private String heredoc() {
        int start = pos;
        int tagEnd = heredocTagEnd();
        String tag = sql.substring(pos, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        if (close < 0) {
            throw new QueryException("unterminated heredoc " + tag + " starting at position " + (start + 1));
        }
        pos = close + tag.length();
        return sql.substring(tagEnd, close);
    }
}

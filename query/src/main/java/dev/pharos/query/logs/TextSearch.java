package dev.pharos.query.logs;

import dev.pharos.query.QueryException;
import dev.pharos.query.Sql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Full-text search on log bodies: words and "quoted phrases", all required; a leading '-'
 * excludes. A word with punctuation (user@example.com, /api/v1) is searched as a phrase. Words match whole tokens (the way the body's token bloom filter indexes them), so the
 * index skips granules that cannot match.
 *
 * <p>Token matching in ClickHouse is case-sensitive and its case-insensitive variant cannot use
 * the index, so a word written in lower case matches it in lower, Capitalised and UPPER case
 * (three indexed alternatives); a word written with capitals matches exactly that spelling.
 */
public record TextSearch(List<Term> terms) {

    /** One word or phrase; {@code exclude} for a leading '-'. */
    public record Term(String text, boolean phrase, boolean exclude) {}

    private static final int MAX_TERMS = 32;

    public static TextSearch parse(String text) {
        List<Term> terms = new ArrayList<>();
        if (text == null) {
            return new TextSearch(terms);
        }
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            boolean exclude = false;
            if (c == '-' && i + 1 < text.length() && !Character.isWhitespace(text.charAt(i + 1))) {
                exclude = true;
                i++;
                c = text.charAt(i);
            }
            if (c == '"') {
                int close = text.indexOf('"', i + 1);
                if (close < 0) {
                    throw new QueryException("unterminated quote in search text: " + text);
                }
                String phrase = text.substring(i + 1, close);
                if (!phrase.isBlank()) {
                    terms.add(new Term(phrase, true, exclude));
                }
                i = close + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                String word = text.substring(i, end);
                terms.add(new Term(word, tokens(word).size() != 1 || !tokens(word).getFirst().equals(word), exclude));
                i = end;
            }
        }
        if (terms.size() > MAX_TERMS) {
            throw new QueryException("too many search terms (" + terms.size() + "); at most " + MAX_TERMS);
        }
        return new TextSearch(List.copyOf(terms));
    }

    public boolean isEmpty() {
        return terms.isEmpty();
    }

    /** The conditions on {@code column}, ANDed; empty when there is no text. */
    public List<String> conditions(String column) {
        List<String> out = new ArrayList<>();
        for (Term t : terms) {
            String cond = t.phrase() ? phrase(column, t.text()) : word(column, t.text());
            out.add(t.exclude() ? "NOT (" + cond + ")" : cond);
        }
        return out;
    }

    private static String word(String column, String w) {
        if (!w.equals(w.toLowerCase(Locale.ROOT))) {
            return "hasToken(" + column + ", " + Sql.string(w) + ")";
        }
        String capital = Character.toUpperCase(w.charAt(0)) + w.substring(1);
        List<String> spellings = new ArrayList<>(List.of(w));
        for (String s : List.of(capital, w.toUpperCase(Locale.ROOT))) {
            if (!spellings.contains(s)) {
                spellings.add(s);
            }
        }
        if (spellings.size() == 1) {
            return "hasToken(" + column + ", " + Sql.string(w) + ")";
        }
        return "(" + String.join(" OR ", spellings.stream().map(s -> "hasToken(" + column + ", " + Sql.string(s) + ")").toList()) + ")";
    }

    /**
     * Phrases match as whole words, as in Datadog or Elasticsearch: every word of the phrase must be
     * a token of the body (which lets the index help) and the exact text must occur.
     */
    private static String phrase(String column, String p) {
        List<String> parts = new ArrayList<>();
        for (String token : tokens(p)) {
            parts.add("hasToken(" + column + ", " + Sql.string(token) + ")");
        }
        parts.add("position(" + column + ", " + Sql.string(p) + ") > 0");
        return String.join(" AND ", parts);
    }

    /** Tokens as ClickHouse's tokenbf_v1 splits them: runs of ASCII letters and digits, or any non-ASCII byte. */
    static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean tok = i < s.length() && isTokenChar(s.charAt(i));
            if (tok && start < 0) {
                start = i;
            } else if (!tok && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            }
        }
        return out;
    }

    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
    }
}

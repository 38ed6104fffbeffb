package dev.pharos.query.logs;

import dev.pharos.query.QueryException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of logs ended: the last row's timestamp and row hash, and how many rows with exactly
 * that (timestamp, hash) the pages so far have already shown. Rows are ordered by (timestamp,
 * hash), so the next page starts at that key and skips those rows: no row is skipped or repeated
 * even when many share a timestamp, and rows inserted meanwhile do not shift the pages.
 */
public record LogCursor(long timestampNanos, long rowHash, int seen, boolean newestFirst) {

    public String encode() {
        String raw = "1:" + (newestFirst ? "n" : "o") + ":" + timestampNanos + ":" + Long.toUnsignedString(rowHash) + ":" + seen;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
    }

    public static LogCursor decode(String text, boolean newestFirst) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(text.strip()), StandardCharsets.US_ASCII);
            String[] p = raw.split(":");
            if (p.length != 5 || !p[0].equals("1")) {
                throw new IllegalArgumentException("bad layout");
            }
            boolean newest = p[1].equals("n");
            if (newest != newestFirst) {
                throw new QueryException("this cursor belongs to a search in the other order; start again without 'cursor'");
            }
            int seen = Integer.parseInt(p[4]);
            if (seen < 0) {
                throw new IllegalArgumentException("negative count");
            }
            return new LogCursor(Long.parseLong(p[2]), Long.parseUnsignedLong(p[3]), seen, newest);
        } catch (IllegalArgumentException e) {
            throw new QueryException("invalid cursor: pass back the next_cursor of the previous page unchanged");
        }
    }
}

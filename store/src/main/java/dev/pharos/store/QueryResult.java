package dev.pharos.store;

import java.nio.charset.StandardCharsets;

/**
 * A complete query result in the requested format. libchdb's "rows read" and "bytes read"
 * counters report the result's rows and bytes (checked: count() over a million rows says 1), so
 * they are named for what they are.
 */
public record QueryResult(byte[] data, long resultRows, long resultBytes, double elapsedSeconds) {

    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}

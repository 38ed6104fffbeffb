package dev.pharos.store;

import java.nio.charset.StandardCharsets;

/** A complete query result in the requested format, with what the engine reported reading. */
public record QueryResult(byte[] data, long rowsRead, long bytesRead, double elapsedSeconds) {

    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }
}

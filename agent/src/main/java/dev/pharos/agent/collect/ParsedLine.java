package dev.pharos.agent.collect;

/**
 * One line of a container log file once its format is taken off: when it was written, by which
 * stream, whether the runtime split it (a partial that the next line of the same stream
 * continues), and its content. Mutable and reused for every line of a file, so parsing allocates
 * nothing; {@link #content} points either into the line itself or into {@link #scratch}.
 */
public final class ParsedLine {

    long timeUnixNanos;
    LogStream stream;
    boolean partial;
    byte[] content;
    int contentOffset;
    int contentLength;
    /** Where a format that escapes its content (Docker JSON) writes the decoded bytes. */
    byte[] scratch = new byte[256];

    public long timeUnixNanos() {
        return timeUnixNanos;
    }

    public LogStream stream() {
        return stream;
    }

    public boolean partial() {
        return partial;
    }

    public String contentText() {
        return new String(content, contentOffset, contentLength, java.nio.charset.StandardCharsets.UTF_8);
    }

    byte[] scratch(int atLeast) {
        if (scratch.length < atLeast) {
            scratch = java.util.Arrays.copyOf(scratch, Math.max(atLeast, scratch.length * 2));
        }
        return scratch;
    }
}

package dev.pharos.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Writes a container's log as containerd does: CRI lines appended to
 * {@code <pods>/<ns>_<pod>_<uid>/<container>/<n>.log}, each write an O_APPEND write. Record i
 * has body {@code <name>-<i>} (plus padding) and time base + i µs, so a test can check that
 * every record arrives once and in order.
 */
public final class CriWriter {

    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");

    private final Path file;
    private final String name;
    private final String padding;
    private int next;
    private final java.util.BitSet stderr = new java.util.BitSet();

    public CriWriter(Path podsDir, String namespace, String pod, String container, String name, int padding) throws IOException {
        this.file = podsDir.resolve(namespace + "_" + pod + "_" + "0c1d2e3f-" + pod.hashCode()).resolve(container).resolve("0.log");
        Files.createDirectories(file.getParent());
        this.name = name;
        this.padding = " " + "x".repeat(padding);
    }

    public Path file() {
        return file;
    }

    public int written() {
        return next;
    }

    /** The stream record i was written to. */
    public String stream(int i) {
        return stderr.get(i) ? "stderr" : "stdout";
    }

    public String body(int i) {
        return name + "-" + i + padding;
    }

    public static long timeOf(int i) {
        return BASE.getEpochSecond() * 1_000_000_000L + i * 1_000L;
    }

    static String timestamp(int i) {
        Instant t = BASE.plusNanos(i * 1_000L);
        return t.toString().replace("Z", "").concat(t.getNano() == 0 ? ".000000000Z" : "Z");
    }

    /** Appends the next {@code n} records; every fifth is split into a P and an F line, as a runtime cuts a long line. */
    public void write(int n) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            int i = next++;
            String body = body(i);
            String ts = timestamp(i);
            String stream = i % 7 == 3 ? "stderr" : "stdout";
            stderr.set(i, i % 7 == 3);
            if (i % 5 == 2) {
                int cut = body.length() / 2;
                sb.append(ts).append(' ').append(stream).append(" P ").append(body, 0, cut).append('\n');
                sb.append(ts).append(' ').append(stream).append(" F ").append(body, cut, body.length()).append('\n');
            } else {
                sb.append(ts).append(' ').append(stream).append(" F ").append(body).append('\n');
            }
        }
        Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
    }

    /**
     * One record written in three writes with pauses, so the agent reads in between: a P line,
     * then half of the F line (no newline yet), then its rest.
     */
    public void writeSlowly(long pauseMillis) throws IOException, InterruptedException {
        int i = next++;
        String body = body(i);
        String ts = timestamp(i);
        int cut = body.length() / 2;
        String f = ts + " stdout F " + body.substring(cut) + "\n";
        append(ts + " stdout P " + body.substring(0, cut) + "\n");
        Thread.sleep(pauseMillis);
        append(f.substring(0, f.length() / 2));
        Thread.sleep(pauseMillis);
        append(f.substring(f.length() / 2));
    }

    private void append(String s) throws IOException {
        Files.writeString(file, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Rotation as the kubelet does it: rename the file away; the runtime then reopens the path as a new file. */
    public void rotateByRename(int generation) throws IOException {
        Files.move(file, file.resolveSibling("0.log." + generation));
    }

    /** logrotate's copytruncate: copy the file next to it, then truncate it in place (same inode). */
    public void rotateByCopyTruncate(int generation) throws IOException {
        Files.copy(file, file.resolveSibling("0.log." + generation));
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }

    /** The record number in a body this writer wrote. */
    public static int index(String body) {
        int dash = body.lastIndexOf('-', body.indexOf(' ') < 0 ? body.length() : body.indexOf(' '));
        int end = body.indexOf(' ');
        return Integer.parseInt(body.substring(dash + 1, end < 0 ? body.length() : end));
    }
}
